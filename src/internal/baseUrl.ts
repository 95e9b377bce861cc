/**
 * The rules of an API root (a base URL), shared by the client's options and `KALSHI_BASE_URL`.
 *
 * @internal
 */

/**
 * What is wrong with a base URL, in words that never quote it (a PEM pasted into the wrong variable must
 * not be echoed), or `undefined` when it is usable: an absolute `http:` or `https:` URL without
 * credentials, query or fragment. A query or fragment would be mangled by every path the SDK appends,
 * and credentials in a URL would travel with every request.
 */
export const baseUrlProblem = (text: string): string | undefined => {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return "is not an absolute URL"
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "must be an http: or https: URL"
  if (url.username !== "" || url.password !== "") return "must not carry credentials (user:password@)"
  if (text.includes("?")) return "must not have a query (?…)"
  if (text.includes("#")) return "must not have a fragment (#…)"
  return undefined
}
