/** "3.6.0" → "3.6": the major.minor form etcd compares cluster and storage versions in. */
export function majorMinor(ver: string): string {
  const p = ver.split('.');
  return p.length >= 2 ? `${p[0]}.${p[1]}` : ver;
}
