import { readdirSync } from 'node:fs';

/**
 * Which objects a cache holds, read one shard folder at a time on first need (a readdir instead of
 * a stat per object), plus those this pass stored itself. A snapshot: use it for one pass, then drop it.
 */
export class CachePresence {
  private readonly shards = new Map<string, Set<string>>();

  /** `shardOf(md5)` is the folder of the shard `md5` belongs to. */
  constructor(private readonly shardOf: (md5: string) => string) {}

  has(md5: string): boolean {
    return this.names(md5).has(md5.slice(2));
  }

  /** Notes an object this pass stored, so a duplicate of it is not stored again. */
  add(md5: string): void {
    this.names(md5).add(md5.slice(2));
  }

  private names(md5: string): Set<string> {
    const prefix = md5.slice(0, 2);
    let names = this.shards.get(prefix);
    if (!names) {
      try {
        names = new Set(readdirSync(this.shardOf(md5)));
      } catch {
        names = new Set(); // no shard folder: none of its objects are here
      }
      this.shards.set(prefix, names);
    }
    return names;
  }
}
