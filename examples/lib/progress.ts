// The terminal progress bar the examples use: the library's own (simdgrad's ProgressBar, also drawn by fit()).
export { ProgressBar, formatDuration, type ProgressOptions } from "simdgrad";
