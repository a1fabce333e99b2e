import { bundleSize } from './bundle-size.bench';
import { cardPosterMaking } from './card-posters.bench';
import { codeVisible } from './code-visible.bench';
import { conversion } from './conversion.bench';
import { fileColdStart } from './file-cold-start.bench';
import { firstScreen } from './first-screen.bench';
import { homeRowsFocus } from './home-rows-focus.bench';
import { lanScan } from './lan-scan.bench';
import { libraryBench } from './library.bench';
import { libraryFocus } from './library-focus.bench';
import { linkLatency } from './link-latency.bench';
import { playStart } from './play-start.bench';
import { playback } from './playback.bench';
import { plexSectionPage } from './plex-section-page.bench';
import { reliability } from './reliability.bench';
import { scannedPostersFocus } from './scanned-posters-focus.bench';
import type { Figure } from './stats';

// `npm run bench`: each benchmark in turn (never in parallel: they would skew each other's timings on a
// small machine), then one summary table. Figures only; nothing passes or fails on a number.

const benchmarks: { name: string; run: () => Promise<Figure[]> }[] = [
  { name: 'code visible', run: codeVisible },
  { name: 'link latency', run: linkLatency },
  { name: 'bundle size', run: bundleSize },
  { name: 'playback', run: playback },
  { name: 'play start', run: playStart },
  { name: 'conversion', run: conversion },
  { name: 'file:// cold start and packages', run: fileColdStart },
  { name: 'first screen beside the minimal stack', run: firstScreen },
  { name: 'library', run: libraryBench },
  { name: 'library focus', run: libraryFocus },
  { name: 'home rows focus', run: homeRowsFocus },
  { name: 'scanned posters focus', run: scannedPostersFocus },
  { name: 'card posters', run: cardPosterMaking },
  { name: 'reliability', run: reliability },
  { name: 'lan scan', run: lanScan },
  { name: 'plex section page', run: plexSectionPage },
];

async function main(): Promise<void> {
  // `npm run bench -- link` runs only the benchmarks whose name contains "link".
  const only = process.argv.slice(2);
  const chosen = benchmarks.filter(
    (benchmark) => only.length === 0 || only.some((word) => benchmark.name.includes(word)),
  );
  const figures: Figure[] = [];
  for (const benchmark of chosen) {
    console.log(`\n# ${benchmark.name}`);
    const started = Date.now();
    figures.push(...(await benchmark.run()));
    console.log(`  (took ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }

  console.log('\n# summary');
  const width = Math.max(...figures.map((figure) => figure.name.length));
  for (const figure of figures) {
    const value = figure.unit === 'ms' ? figure.value.toFixed(1) : String(figure.value);
    const kib = figure.unit === 'bytes' ? ` (${(figure.value / 1024).toFixed(1)} KiB)` : '';
    console.log(`  ${figure.name.padEnd(width)}  ${value.padStart(9)} ${figure.unit}${kib}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
