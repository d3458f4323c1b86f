import { X } from "lucide-react";
import type { KeyboardEvent } from "react";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/lib/utils";
import { addTags, removeTag, tagTone } from "./tags";

interface Props {
  id: string;
  tags: string[];
  /** The text typed but not yet a tag (the form adds it on save too). */
  draft: string;
  onChange: (tags: string[], draft: string, error: string | null) => void;
  invalid?: boolean;
  describedBy?: string;
}

/** Tags as removable pills and a box to add more (Enter or a comma adds; Backspace on an empty box removes the last). */
export function TagEditor({ id, tags, draft, onChange, invalid, describedBy }: Props) {
  const commit = (text: string) => {
    const result = addTags(tags, text);
    onChange(result.tags, result.rest, result.error);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if ((e.key === "Enter" || e.key === ",") && !e.nativeEvent.isComposing) {
      e.preventDefault();
      commit(draft);
    } else if (e.key === "Backspace" && draft === "" && tags.length > 0) {
      onChange(tags.slice(0, -1), "", null);
    }
  };
  return (
    <div
      className={cn(
        "flex min-h-10 w-full flex-wrap items-center gap-1.5 rounded-lg border border-line bg-app/60 px-2 py-1.5 focus-within:border-accent/60 focus-within:ring-2 focus-within:ring-accent/20",
        invalid && "border-red-500/60",
      )}
    >
      <ul className="contents" aria-label="Current tags">
        {tags.map((t) => (
          <li key={t}>
            <Badge tone={tagTone(t)} className="h-6 gap-1 pr-1 normal-case">
              <span className="max-w-[12rem] truncate">{t}</span>
              <button type="button" className="rounded-full p-0.5 hover:bg-white/10" aria-label={`Remove tag ${t}`} onClick={() => onChange(removeTag(tags, t), draft, null)}>
                <X />
              </button>
            </Badge>
          </li>
        ))}
      </ul>
      <input
        id={id}
        value={draft}
        placeholder={tags.length ? "Add a tag" : "Add tags (Enter or comma)"}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        onChange={(e) => {
          if (e.target.value.includes(",")) commit(e.target.value);
          else onChange(tags, e.target.value, null);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => {
          if (draft.trim()) commit(draft);
        }}
        className="h-7 min-w-[8rem] flex-1 bg-transparent px-1 text-sm text-fg placeholder:text-fg-subtle focus:outline-none"
      />
    </div>
  );
}
