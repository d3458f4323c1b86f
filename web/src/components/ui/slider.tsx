import type { InputHTMLAttributes } from "react";
import { cn } from "@/lib/utils";

interface SliderProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "type" | "value" | "onChange" | "min" | "max"> {
  value: number;
  min: number;
  max: number;
  onValueChange: (value: number) => void;
}

/** A range slider (native `<input type="range">`: keyboard, touch and screen readers for free), filled up to its value. */
export function Slider({ value, min, max, onValueChange, className, ...props }: SliderProps) {
  const filled = max > min ? ((value - min) / (max - min)) * 100 : 0;
  return (
    <input
      type="range"
      min={min}
      max={max}
      value={value}
      onChange={(e) => onValueChange(Number(e.target.value))}
      style={{ backgroundSize: `${filled}% 100%` }}
      className={cn(
        "h-2 w-full cursor-pointer appearance-none rounded-full bg-app/80 bg-gradient-to-r from-accent to-accent-blue bg-no-repeat accent-cyan-400 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-accent/60",
        "[&::-webkit-slider-thumb]:size-4 [&::-webkit-slider-thumb]:appearance-none [&::-webkit-slider-thumb]:rounded-full [&::-webkit-slider-thumb]:border-2 [&::-webkit-slider-thumb]:border-app [&::-webkit-slider-thumb]:bg-accent [&::-webkit-slider-thumb]:shadow-[0_0_10px_var(--color-glow)]",
        "[&::-moz-range-thumb]:size-4 [&::-moz-range-thumb]:rounded-full [&::-moz-range-thumb]:border-2 [&::-moz-range-thumb]:border-app [&::-moz-range-thumb]:bg-accent",
        className,
      )}
      {...props}
    />
  );
}
