//! Competence and sub-competence codes as candidates and schools type them.

/// A normalized header text without the competence code a school may type before the name
/// (`b11gererlepatrimoine…` → `gererlepatrimoine…`).
pub(super) fn without_code_prefix(normalized: &str) -> &str {
    normalized.strip_prefix("b1").map_or(normalized, |rest| {
        rest.trim_start_matches(|c: char| c.is_ascii_digit())
    })
}

/// The competence and sub-competence codes typed in a cell, whatever their separators or case:
/// `B1,1,5`, `B 1.2.3`, `b1-5-2`, `B1.6` → `B1.1.5`, `B1.2.3`, `B1.5.2`, `B1.6`.
pub(super) fn loose_codes(text: &str) -> Vec<String> {
    const SEPARATORS: &[char] = &[' ', '.', ',', '-', '_', '/', '\u{a0}', '‑', '–'];
    let chars: Vec<char> = text.chars().collect();
    let mut codes = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let starts = matches!(chars[i], 'b' | 'B') && (i == 0 || !chars[i - 1].is_alphanumeric());
        if !starts {
            i += 1;
            continue;
        }
        // Up to three one-digit numbers, each after at most two separators.
        let (mut digits, mut j) = (Vec::new(), i + 1);
        while digits.len() < 3 {
            let mut k = j;
            while k < chars.len() && k - j < 2 && SEPARATORS.contains(&chars[k]) {
                k += 1;
            }
            match chars.get(k) {
                Some(d)
                    if d.is_ascii_digit()
                        && !chars.get(k + 1).is_some_and(char::is_ascii_digit) =>
                {
                    digits.push(*d);
                    j = k + 1;
                }
                _ => break,
            }
        }
        if digits.len() >= 2 && digits[0] == '1' {
            let code: Vec<String> = digits[1..].iter().map(char::to_string).collect();
            codes.push(format!("B1.{}", code.join(".")));
        }
        i = j.max(i + 1);
    }
    codes
}
