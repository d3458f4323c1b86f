import { cva, type VariantProps } from "class-variance-authority";
import type { HTMLAttributes } from "react";
import { cn } from "@/lib/utils";

export const badgeVariants = cva(
  "inline-flex h-6 shrink-0 items-center gap-1 whitespace-nowrap rounded-full border px-2.5 text-xs font-medium capitalize [&_svg]:size-3",
  {
    variants: {
      tone: {
        green: "bg-green-500/20 text-green-400 border-green-500/30",
        yellow: "bg-yellow-500/20 text-yellow-400 border-yellow-500/30",
        gray: "bg-gray-500/20 text-gray-400 border-gray-500/30",
        red: "bg-red-500/20 text-red-400 border-red-500/30",
        blue: "bg-blue-500/20 text-blue-400 border-blue-500/30",
        cyan: "bg-cyan-500/20 text-cyan-300 border-cyan-500/30",
        purple: "bg-purple-500/20 text-purple-400 border-purple-500/30",
        orange: "bg-orange-500/20 text-orange-400 border-orange-500/30",
      },
    },
    defaultVariants: { tone: "gray" },
  },
);

export type BadgeTone = NonNullable<VariantProps<typeof badgeVariants>["tone"]>;

export function Badge({
  className,
  tone,
  ...props
}: HTMLAttributes<HTMLSpanElement> & VariantProps<typeof badgeVariants>) {
  return <span className={cn(badgeVariants({ tone }), className)} {...props} />;
}
