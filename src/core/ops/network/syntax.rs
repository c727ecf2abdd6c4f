//! The tokens as a tree of expressions: calls (`nn.Conv2d(3, 16, 3)`),
//! numbers, strings, names, tuples and lists. Both pasted forms fit it:
//! `print(model)`'s children are `(name): Module(...)` items inside the
//! container's parentheses, source's are its arguments.

use crate::core::ops::network::lex::{tokens, ParseError, Span, Tok, Token};

/// How deep brackets may nest before the text is refused (no real model
/// comes close; it keeps the parser's stack small).
const MAX_DEPTH: usize = 64;

#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    Int(i64),
    Float(f64),
    Str(String),
    /// A bare name: `True`, `None`, or a word `print(model)` writes without
    /// quotes (`padding=same`).
    Name(String),
    Tuple(Vec<Node>),
    Call(Call),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub expr: Expr,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Arg {
    pub keyword: Option<(String, Span)>,
    pub value: Node,
}

/// One `(name): Module(...)` line of `print(model)`; `(0-2): 3 x ReLU()`
/// (a run of equal modules) has `repeat` 3.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub name: String,
    pub name_span: Span,
    pub repeat: Option<(i64, i64)>,
    pub module: Node,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Call {
    /// `["torch", "nn", "Conv2d"]`.
    pub path: Vec<String>,
    /// Where the call starts (`torch` of `torch.nn.Conv2d`).
    pub start: Span,
    /// Where the class name (`Conv2d`) stands.
    pub name_span: Span,
    pub args: Vec<Arg>,
    /// The children of a container as `print(model)` shows them.
    pub items: Option<Vec<Item>>,
    /// The closing parenthesis.
    pub close: Span,
}

impl Call {
    pub fn name(&self) -> &str {
        self.path.last().map_or("", String::as_str)
    }
}

struct Parser {
    toks: Vec<Token>,
    at: usize,
    depth: usize,
}

/// The whole text as one expression, optionally after `name =`.
pub fn parse_expr(text: &str) -> Result<Node, ParseError> {
    let mut p = Parser {
        toks: tokens(text)?,
        at: 0,
        depth: 0,
    };
    if p.peek().tok == Tok::End {
        return Err(ParseError::at(
            p.peek().span,
            "the text is empty: paste an nn.Sequential, as source or as print(model) shows it",
        ));
    }
    if matches!(p.peek().tok, Tok::Name(_)) && p.peek_at(1).tok == Tok::Equals {
        p.at += 2;
    }
    let node = p.expr()?;
    match &p.peek().tok {
        Tok::End => Ok(node),
        other => Err(ParseError::at(
            p.peek().span,
            format!("expected the end of the model, found {}", other.describe()),
        )),
    }
}

impl Parser {
    fn peek(&self) -> &Token {
        self.peek_at(0)
    }

    fn peek_at(&self, k: usize) -> &Token {
        let last = self.toks.len() - 1;
        &self.toks[(self.at + k).min(last)]
    }

    fn next(&mut self) -> Token {
        let t = self.peek().clone();
        if t.tok != Tok::End {
            self.at += 1;
        }
        t
    }

    fn expect(&mut self, want: Tok, what: &str) -> Result<Span, ParseError> {
        let t = self.next();
        if t.tok == want {
            Ok(t.span)
        } else {
            Err(ParseError::at(
                t.span,
                format!("expected {what}, found {}", t.tok.describe()),
            ))
        }
    }

    fn expr(&mut self) -> Result<Node, ParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(ParseError::at(self.peek().span, "brackets nest too deeply"));
        }
        let node = self.primary();
        self.depth -= 1;
        node
    }

    fn primary(&mut self) -> Result<Node, ParseError> {
        let t = self.next();
        let span = t.span;
        let expr = match t.tok {
            Tok::Int(i) => Expr::Int(i),
            Tok::Float(x) => Expr::Float(x),
            Tok::Str(s) => Expr::Str(s),
            Tok::Minus | Tok::Plus => {
                let negate = t.tok == Tok::Minus;
                let n = self.next();
                match n.tok {
                    Tok::Int(i) if negate => Expr::Int(-i),
                    Tok::Float(x) if negate => Expr::Float(-x),
                    Tok::Int(i) => Expr::Int(i),
                    Tok::Float(x) => Expr::Float(x),
                    other => {
                        return Err(ParseError::at(
                            n.span,
                            format!(
                                "expected a number after the sign, found {}",
                                other.describe()
                            ),
                        ))
                    }
                }
            }
            Tok::Open(c @ ('(' | '[')) => {
                let close = if c == '(' { ')' } else { ']' };
                let (items, _) = self.sequence(close, |p| p.expr())?;
                Expr::Tuple(items)
            }
            Tok::Name(first) => {
                let mut path = vec![first];
                let mut last = span;
                while self.peek().tok == Tok::Dot {
                    self.next();
                    let n = self.next();
                    last = n.span;
                    match n.tok {
                        Tok::Name(s) => path.push(s),
                        other => {
                            return Err(ParseError::at(
                                n.span,
                                format!("expected a name after '.', found {}", other.describe()),
                            ))
                        }
                    }
                }
                if self.peek().tok == Tok::Open('(') {
                    self.next();
                    return self.call(path, span, last);
                }
                Expr::Name(path.join("."))
            }
            other => {
                return Err(ParseError::at(
                    span,
                    format!(
                        "expected a module, a number, a string or a tuple, found {}",
                        other.describe()
                    ),
                ))
            }
        };
        Ok(Node { expr, span })
    }

    /// `a, b, c)`: items up to the closing bracket, a trailing comma allowed.
    fn sequence<T>(
        &mut self,
        close: char,
        mut item: impl FnMut(&mut Parser) -> Result<T, ParseError>,
    ) -> Result<(Vec<T>, Span), ParseError> {
        let mut out = Vec::new();
        loop {
            if self.peek().tok == Tok::Close(close) {
                return Ok((out, self.next().span));
            }
            out.push(item(self)?);
            let t = self.next();
            match t.tok {
                Tok::Comma => {}
                Tok::Close(c) if c == close => return Ok((out, t.span)),
                other => {
                    return Err(ParseError::at(
                        t.span,
                        format!("expected ',' or '{close}', found {}", other.describe()),
                    ))
                }
            }
        }
    }

    /// After `Name(`: `print(model)` items, or arguments.
    fn call(
        &mut self,
        path: Vec<String>,
        start: Span,
        name_span: Span,
    ) -> Result<Node, ParseError> {
        let items_follow = self.peek().tok == Tok::Open('(')
            && matches!(self.peek_at(1).tok, Tok::Name(_) | Tok::Int(_))
            && matches!(self.peek_at(2).tok, Tok::Close(')') | Tok::Minus);
        let (args, items, close) = if items_follow {
            let mut items = Vec::new();
            while self.peek().tok == Tok::Open('(') {
                items.push(self.item()?);
            }
            let close = self.expect(Tok::Close(')'), "')' or another '(name): Module' line")?;
            (Vec::new(), Some(items), close)
        } else {
            let (args, close) = self.sequence(')', |p| p.arg())?;
            (args, None, close)
        };
        Ok(Node {
            expr: Expr::Call(Call {
                path,
                start,
                name_span,
                args,
                items,
                close,
            }),
            span: start,
        })
    }

    fn arg(&mut self) -> Result<Arg, ParseError> {
        if let Tok::Name(k) = &self.peek().tok {
            if self.peek_at(1).tok == Tok::Equals {
                let k = k.clone();
                let span = self.next().span;
                self.next();
                let value = self.expr()?;
                return Ok(Arg {
                    keyword: Some((k, span)),
                    value,
                });
            }
        }
        Ok(Arg {
            keyword: None,
            value: self.expr()?,
        })
    }

    /// `(name): Module(...)` or `(0-2): 3 x Module(...)`.
    fn item(&mut self) -> Result<Item, ParseError> {
        self.expect(Tok::Open('('), "'('")?;
        let t = self.next();
        let name_span = t.span;
        let name = match t.tok {
            Tok::Name(n) => n,
            Tok::Int(i) => i.to_string(),
            other => {
                return Err(ParseError::at(
                    t.span,
                    format!("expected a child's name, found {}", other.describe()),
                ))
            }
        };
        let mut range = None;
        if self.peek().tok == Tok::Minus {
            self.next();
            let t = self.next();
            match (name.parse::<i64>(), t.tok) {
                (Ok(a), Tok::Int(b)) if b >= a => range = Some((a, b)),
                _ => {
                    return Err(ParseError::at(
                        t.span,
                        "expected a range of indices such as (0-2)",
                    ))
                }
            }
        }
        self.expect(Tok::Close(')'), "')' after the child's name")?;
        self.expect(Tok::Colon, "':' after the child's name")?;
        let mut repeat = None;
        if let Some((a, b)) = range {
            let t = self.next();
            let n = match t.tok {
                Tok::Int(n) if n == b - a + 1 => n,
                _ => {
                    return Err(ParseError::at(
                        t.span,
                        format!("expected {} x Module", b - a + 1),
                    ))
                }
            };
            match self.next() {
                Token {
                    tok: Tok::Name(x), ..
                } if x == "x" => {}
                t => return Err(ParseError::at(t.span, "expected 'x' after the count")),
            }
            repeat = Some((a, n));
        }
        let module = self.expr()?;
        Ok(Item {
            name,
            name_span,
            repeat,
            module,
        })
    }
}
