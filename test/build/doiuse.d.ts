// doiuse ships no types; the part test/build/floor.ts uses.
declare module 'doiuse' {
  import type { Plugin } from 'postcss';

  interface FeatureUsage {
    feature: string;
    message: string;
    usage: { type: string; value?: string };
  }
  export default function doiuse(options: {
    browsers: string[];
    ignore?: string[];
    onFeatureUsage?: (usage: FeatureUsage) => void;
  }): Plugin;
}
