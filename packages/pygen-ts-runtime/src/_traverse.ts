/**
 * `include` executed (docs/connections.md §2): connections expanded in place on read objects, hop by hop
 * ({@link expand}); the requests of one hop are built in `_hops.ts`. The query builder's `follow` runs in
 * `_follow.ts`.
 */
import { type IncludeTree, type Item, idKey, QUERY_PAGE_SIZE, resolveLink } from "./_connections.js";
import { type HopInput, makeHop, namingHop, parentOf, reach } from "./_hops.js";
import type { InstanceId, ViewSpec } from "./_spec.js";
import type { PygenClient } from "./_transport.js";
import { show, toInstanceId } from "./_values.js";

/**
 * Expands `include` on `items` (read objects of view `spec`) in place: each named link becomes a field
 * holding ids or read objects; then the children are expanded with their own `include`, one hop at a
 * time. `depth` is the hop number of the first level (for messages).
 */
export async function expand(
  client: PygenClient,
  spec: ViewSpec,
  items: readonly Item[],
  include: IncludeTree,
  signal: AbortSignal | undefined,
  depth = 1,
): Promise<void> {
  if (typeof include !== "object" || include === null || Array.isArray(include)) {
    throw new TypeError(`include: expected an object of connection names, got ${show(include)}.`);
  }
  if (items.length === 0) return;
  for (const [name, value] of Object.entries(include)) {
    if (value === undefined || value === false) continue;
    const link = resolveLink(spec, name);
    if (value !== true && value !== "ids" && (typeof value !== "object" || value === null)) {
      throw new TypeError(
        `include.${name}: expected true, "ids" or options ({ filter, sort, limit, include }), got ${show(value)}.`,
      );
    }
    const options = typeof value === "object" ? (value as HopInput & { include?: IncludeTree }) : {};
    const idsOnly = value === "ids";
    if (idsOnly && link.kind === "direct") continue; // the property already holds the ids
    const hop = makeHop(link, options, depth);
    const parents = items.map((item) => parentOf(link, item));
    // The same instance may be asked for twice (`retrieve([a, a])`): every copy gets its connections.
    const byKey = new Map<string, Item[]>();
    items.forEach((item, i) => {
      const key = parents[i]?.key as string;
      const copies = byKey.get(key);
      if (copies === undefined) byKey.set(key, [item]);
      else copies.push(item);
    });
    if (link.kind !== "direct") for (const item of items) item[name] = link.list ? [] : null;
    const children = new Map<string, Item>();
    let remaining = hop.limit ?? Number.POSITIVE_INFINITY;
    const pageSize = () => Math.max(1, Math.min(QUERY_PAGE_SIZE, remaining));
    if (remaining > 0) {
      pages: for await (const page of namingHop(hop, reach(client, hop, parents, pageSize, signal))) {
        for (const found of page) {
          const key = idKey(found.node as unknown as InstanceId);
          let node = children.get(key);
          if (node === undefined) {
            if (remaining <= 0) break pages;
            remaining--;
            node = found.node;
            children.set(key, node);
          }
          if (link.kind === "direct") continue;
          const id = toInstanceId(node as unknown as InstanceId);
          // Edges with properties are edge objects carrying the node; plain edges are the node itself.
          const withEdge = link.kind === "edge" && link.edgeView !== null && found.edge !== null;
          const entry = idsOnly ? id : withEdge ? { ...found.edge, node } : node;
          for (const parentKey of found.parents) {
            for (const parent of byKey.get(parentKey) ?? []) {
              if (link.list) (parent[name] as unknown[]).push(entry);
              else if (parent[name] === null) parent[name] = entry;
            }
          }
        }
      }
    }
    if (link.kind === "direct") {
      // In the stored order; targets without data in the target view (or beyond `limit`) are left out.
      items.forEach((item, i) => {
        const found = (parents[i]?.targets ?? [])
          .map((t) => children.get(idKey(t)))
          .filter((n): n is Item => n !== undefined);
        item[name] = link.list ? found : (found[0] ?? null);
      });
    }
    if (!idsOnly && options.include !== undefined) {
      await expand(client, link.target, [...children.values()], options.include, signal, depth + 1);
    }
  }
}
