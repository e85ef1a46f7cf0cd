import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  repository?: { type?: string; url?: string };
  homepage?: string;
  bugs?: { url?: string };
  peerDependencies?: Record<string, string>;
};
const readme = readFileSync(join(root, 'README.md'), 'utf8');

describe('the package page', () => {
  it('has repository, homepage and bugs fields that name the same GitHub repository', () => {
    const url = manifest.repository?.url ?? '';
    expect(manifest.repository?.type).toBe('git');
    const repo = /^git\+https:\/\/github\.com\/([^/]+\/[^/.]+)\.git$/.exec(url)?.[1];
    expect(repo, `repository.url ${url}`).toBeDefined();
    expect(manifest.homepage).toBe(`https://github.com/${repo}#readme`);
    expect(manifest.bugs?.url).toBe(`https://github.com/${repo}/issues`);
  });

  it("links from the README only to files that exist (npm resolves relative links against 'repository')", () => {
    const links = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((href) => !/^(https?:|mailto:|#)/.test(href));
    expect(links.length).toBeGreaterThan(5);
    const missing = links.map((href) => href.split('#')[0]!).filter((path) => !existsSync(join(root, path)));
    expect(missing).toEqual([]);
  });

  it('says in the README what each optional peer dependency enables', () => {
    for (const name of Object.keys(manifest.peerDependencies ?? {})) {
      expect(readme, name).toMatch(new RegExp(`\\| [^\\n]*\`${name.replace(/[/.]/g, '\\$&')}\`[^\\n]*\\| \\S`));
    }
  });
});
