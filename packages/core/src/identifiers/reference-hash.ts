// The opaque part of hash-based IDs: v3+ event IDs and v12 room IDs are
// "$"/"!" + the unpadded base64 of a sha256 (rooms "Event IDs" fragments).

export type Base64Alphabet = "standard" | "url-safe";

/** Unpadded base64 of 32 bytes is 43 characters. */
export const REFERENCE_HASH_LENGTH = 43;

const ALPHABETS: Record<Base64Alphabet, string> = {
  standard: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
  "url-safe": "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
};

/**
 * Why `opaque` is not the base64 (in `alphabet`) of a sha256, or undefined.
 * The last character carries 4 bits of the hash and 2 zero bits; an encoder
 * never sets them, so a character that does cannot come from a real hash.
 */
export function checkReferenceHash(opaque: string, alphabet: Base64Alphabet): string | undefined {
  const chars = ALPHABETS[alphabet];
  for (let i = 0; i < opaque.length; i++) {
    if (!chars.includes(opaque[i]!)) {
      const hint = alphabet === "url-safe" && (opaque[i] === "+" || opaque[i] === "/") ? " (that is the standard alphabet)" : "";
      const hint2 = alphabet === "standard" && (opaque[i] === "-" || opaque[i] === "_") ? " (that is the URL-safe alphabet)" : "";
      return `character ${JSON.stringify(opaque[i])} at index ${i + 1} is not in the ${alphabet} base64 alphabet${hint}${hint2}`;
    }
  }
  if (opaque.length !== REFERENCE_HASH_LENGTH) {
    return `hash part is ${opaque.length} characters long; the unpadded base64 of a sha256 is ${REFERENCE_HASH_LENGTH}`;
  }
  if (chars.indexOf(opaque[REFERENCE_HASH_LENGTH - 1]!) % 4 !== 0) {
    return `last character ${JSON.stringify(opaque[REFERENCE_HASH_LENGTH - 1])} sets bits beyond the 32 bytes of a sha256`;
  }
  return undefined;
}

/** Which alphabets `opaque` could be written in, as a reference hash. */
export function referenceHashAlphabets(opaque: string): Base64Alphabet[] {
  return (["standard", "url-safe"] as const).filter((alphabet) => checkReferenceHash(opaque, alphabet) === undefined);
}
