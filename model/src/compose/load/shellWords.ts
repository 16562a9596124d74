/**
 * Splits a command string into words as compose does for `command: echo "a b"` (POSIX shell quoting rules, no
 * expansion): whitespace separates words, single quotes are literal, double quotes allow `\"`, `\\`, `\$` and
 * `` \` ``, and a backslash outside quotes escapes the next character. An unterminated quote is an error.
 */
export function splitShellWords(text: string): string[] | { error: string } {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) return { error: `unterminated single quote in ${JSON.stringify(text)}` };
      word += text.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < text.length && text[j] !== '"'; j++) {
        if (text[j] === '\\' && '"\\$`'.includes(text[j + 1] ?? '')) j++;
        word += text[j] ?? '';
      }
      if (j >= text.length) return { error: `unterminated double quote in ${JSON.stringify(text)}` };
      inWord = true;
      i = j;
    } else if (c === '\\') {
      word += text[i + 1] ?? '';
      inWord = true;
      i++;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}
