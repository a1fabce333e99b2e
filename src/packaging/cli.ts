import { statSync } from 'node:fs';
import { relative } from 'node:path';
import { REPO_ROOT } from './manifests';
import { packageTizen } from './tizen';
import { packageWebos } from './webos';

// `npm run package:webos` / `npm run package:tizen`: a TV package from dist/ into out/.

function main(target: string | undefined): void {
  if (target === 'webos') {
    const { ipk } = packageWebos();
    console.log(`webOS package: ${relative(REPO_ROOT, ipk)} (${statSync(ipk).size} bytes)`);
    console.log(`Install on a TV in Developer Mode: ares-install -d <tv> ${relative(REPO_ROOT, ipk)}`);
  } else if (target === 'tizen') {
    const { wgt, signedBy } = packageTizen();
    console.log(`Tizen package: ${relative(REPO_ROOT, wgt)} (${statSync(wgt).size} bytes, ${signedBy})`);
  } else {
    throw new Error('usage: tsx src/packaging/cli.ts webos|tizen');
  }
}

try {
  main(process.argv[2]);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
