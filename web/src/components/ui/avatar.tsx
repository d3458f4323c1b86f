import { initials } from "@/lib/format";
import { cn } from "@/lib/utils";

const palette = [
  "from-cyan-500/40 to-blue-500/40 text-cyan-100",
  "from-purple-500/40 to-pink-500/40 text-purple-100",
  "from-green-500/40 to-teal-500/40 text-green-100",
  "from-orange-500/40 to-red-500/40 text-orange-100",
  "from-blue-500/40 to-indigo-500/40 text-blue-100",
];

function hash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) >>> 0;
  return h;
}

/** A round avatar with the contact's initials, its colour stable per phone number. */
export function Avatar({ name, phone, className }: { name?: string | null; phone: string; className?: string }) {
  return (
    <span
      aria-hidden="true"
      className={cn(
        "inline-flex size-10 shrink-0 select-none items-center justify-center rounded-full bg-gradient-to-br text-sm font-semibold",
        palette[hash(phone) % palette.length],
        className,
      )}
    >
      {initials(name, phone)}
    </span>
  );
}
