const ONES = [
  "zero",
  "one",
  "two",
  "three",
  "four",
  "five",
  "six",
  "seven",
  "eight",
  "nine",
  "ten",
  "eleven",
  "twelve",
  "thirteen",
  "fourteen",
  "fifteen",
  "sixteen",
  "seventeen",
  "eighteen",
  "nineteen",
];
const TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
const SCALES: [number, string][] = [
  [1e9, "billion"],
  [1e6, "million"],
  [1000, "thousand"],
  [100, "hundred"],
];

function below100(n: number): string[] {
  if (n < 20) return [ONES[n] as string];
  const rest = n % 10;
  return rest === 0 ? [TENS[Math.floor(n / 10)] as string] : [TENS[Math.floor(n / 10)] as string, ONES[rest] as string];
}

function cardinal(n: number): string[] {
  if (n < 100) return below100(n);
  for (const [value, name] of SCALES) {
    if (n >= value) {
      const head = Math.floor(n / value);
      const rest = n % value;
      return [...cardinal(head), name, ...(rest > 0 ? cardinal(rest) : [])];
    }
  }
  return below100(n);
}

/**
 * Spells out a number the way a speaker reads it: "1961" → nineteen sixty one (years between
 * 1100 and 1999 and 2010–2099 are read in pairs), "2005" → two thousand five, "3.5" → three
 * point five, "42" → forty two. Digits beyond integers in the billions are read one by one.
 */
export function numberToWords(digits: string): string[] {
  const [whole = "", fraction] = digits.replace(/,/g, "").split(".");
  if (!/^\d+$/.test(whole) || (fraction !== undefined && !/^\d+$/.test(fraction))) return [digits];
  const n = Number(whole);
  let words: string[];
  if (whole.length > 12) words = [...whole].map((d) => ONES[Number(d)] as string);
  else if (fraction === undefined && !digits.includes(",") && whole.length === 4 && isPairYear(n))
    words = readAsYear(n);
  else words = cardinal(n);
  if (fraction !== undefined) words = [...words, "point", ...[...fraction].map((d) => ONES[Number(d)] as string)];
  return words;
}

function isPairYear(n: number): boolean {
  return (n >= 1100 && n <= 1999) || (n >= 2010 && n <= 2099);
}

function readAsYear(n: number): string[] {
  const head = Math.floor(n / 100);
  const tail = n % 100;
  if (tail === 0) return [...below100(head), "hundred"];
  return [...below100(head), ...(tail < 10 ? ["oh", ONES[tail] as string] : below100(tail))];
}
