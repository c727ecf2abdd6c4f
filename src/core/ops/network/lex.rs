//! The pasted text as tokens: the small part of Python that `print(model)`
//! and `nn.Sequential(...)` source use. Every token knows where it stands
//! (line and column, from 1), so that an error can point at it.

use std::fmt;

/// Where a token starts and ends: lines and columns count from 1, columns
/// in characters; `offset..end` are byte offsets into the text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Span {
    pub line: usize,
    pub column: usize,
    pub offset: usize,
    pub end: usize,
}

/// Text that is not a model ConvLab can read, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub span: Span,
    pub message: String,
}

impl ParseError {
    pub fn at(span: Span, message: impl Into<String>) -> ParseError {
        ParseError {
            span,
            message: message.into(),
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.span.line, self.span.column, self.message
        )
    }
}

impl std::error::Error for ParseError {}

#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    Name(String),
    Int(i64),
    Float(f64),
    Str(String),
    Open(char),
    Close(char),
    Comma,
    Colon,
    Equals,
    Dot,
    Minus,
    Plus,
    End,
}

impl Tok {
    /// How an error message names the token.
    pub fn describe(&self) -> String {
        match self {
            Tok::Name(n) => format!("'{n}'"),
            Tok::Int(i) => format!("the number {i}"),
            Tok::Float(x) => format!("the number {x}"),
            Tok::Str(s) => format!("the string '{s}'"),
            Tok::Open(c) | Tok::Close(c) => format!("'{c}'"),
            Tok::Comma => "','".into(),
            Tok::Colon => "':'".into(),
            Tok::Equals => "'='".into(),
            Tok::Dot => "'.'".into(),
            Tok::Minus => "'-'".into(),
            Tok::Plus => "'+'".into(),
            Tok::End => "the end of the text".into(),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    pub tok: Tok,
    pub span: Span,
}

/// The text as tokens, ending with [`Tok::End`]. Comments (`# ...`) and
/// white space are skipped.
pub fn tokens(text: &str) -> Result<Vec<Token>, ParseError> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let (mut i, mut line, mut col) = (0usize, 1usize, 1usize);
    let offset_of = |k: usize| chars.get(k).map_or(text.len(), |c| c.0);
    while i < chars.len() {
        let c = chars[i].1;
        let start = Span {
            line,
            column: col,
            offset: offset_of(i),
            end: offset_of(i + 1),
        };
        if c == '\n' {
            i += 1;
            line += 1;
            col = 1;
            continue;
        }
        if c.is_whitespace() || c == '\\' {
            i += 1;
            col += 1;
            continue;
        }
        if c == '#' {
            while i < chars.len() && chars[i].1 != '\n' {
                i += 1;
            }
            continue;
        }
        let mut j = i + 1;
        let tok = match c {
            '(' | '[' | '{' => Tok::Open(c),
            ')' | ']' | '}' => Tok::Close(c),
            ',' => Tok::Comma,
            ':' => Tok::Colon,
            '=' => Tok::Equals,
            '-' => Tok::Minus,
            '+' => Tok::Plus,
            '.' if !chars.get(i + 1).is_some_and(|d| d.1.is_ascii_digit()) => Tok::Dot,
            '\'' | '"' => {
                let mut s = String::new();
                loop {
                    match chars.get(j).map(|x| x.1) {
                        None | Some('\n') => {
                            return Err(ParseError::at(start, "this string has no closing quote"))
                        }
                        Some(q) if q == c => break,
                        Some('\\') => {
                            j += 1;
                            match chars.get(j).map(|x| x.1) {
                                Some('n') => s.push('\n'),
                                Some('t') => s.push('\t'),
                                Some(e) => s.push(e),
                                None => continue,
                            }
                        }
                        Some(other) => s.push(other),
                    }
                    j += 1;
                }
                j += 1;
                Tok::Str(s)
            }
            _ if c.is_alphabetic() || c == '_' => {
                while chars
                    .get(j)
                    .is_some_and(|d| d.1.is_alphanumeric() || d.1 == '_')
                {
                    j += 1;
                }
                Tok::Name(chars[i..j].iter().map(|x| x.1).collect())
            }
            _ if c.is_ascii_digit() || c == '.' => {
                j = i;
                scan_number(&chars, &mut j);
                let text: String = chars[i..j].iter().map(|x| x.1).collect();
                number_token(&text).map_err(|m| ParseError::at(start, m))?
            }
            _ => {
                return Err(ParseError::at(
                    start,
                    format!("'{c}' has no place in a model's text"),
                ))
            }
        };
        col += j - i;
        out.push(Token {
            tok,
            span: Span {
                end: offset_of(j),
                ..start
            },
        });
        i = j;
    }
    let end = Span {
        line,
        column: col,
        offset: text.len(),
        end: text.len(),
    };
    out.push(Token {
        tok: Tok::End,
        span: end,
    });
    Ok(out)
}

/// Advances over `12`, `1_000`, `0.5`, `.5`, `5.`, `1e-05`.
fn scan_number(chars: &[(usize, char)], j: &mut usize) {
    let at = |k: usize| chars.get(k).map(|x| x.1);
    let digits = |j: &mut usize| {
        while at(*j).is_some_and(|d| d.is_ascii_digit() || d == '_') {
            *j += 1;
        }
    };
    digits(j);
    if at(*j) == Some('.') {
        *j += 1;
        digits(j);
    }
    if matches!(at(*j), Some('e' | 'E')) {
        let mut k = *j + 1;
        if matches!(at(k), Some('+' | '-')) {
            k += 1;
        }
        if at(k).is_some_and(|d| d.is_ascii_digit()) {
            *j = k;
            digits(j);
        }
    }
}

fn number_token(text: &str) -> Result<Tok, String> {
    let clean: String = text.chars().filter(|c| *c != '_').collect();
    if text.contains("__") || text.ends_with('_') {
        return Err(format!("'{text}' is not a number"));
    }
    let is_float = clean.contains(['.', 'e', 'E']);
    if is_float {
        match clean.parse::<f64>() {
            Ok(x) if x.is_finite() => Ok(Tok::Float(x)),
            Ok(_) => Err(format!("{text} is too large a number")),
            Err(_) => Err(format!("'{text}' is not a number")),
        }
    } else {
        clean
            .parse::<i64>()
            .map(Tok::Int)
            .map_err(|_| format!("{text} is too large a number"))
    }
}
