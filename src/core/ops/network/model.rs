//! A pasted `nn.Sequential` as a tree of named children, and its leaves in
//! order with their paths (`3.1` is child 1 of child 3), as PyTorch's
//! `named_modules()` lists them.

use crate::core::ops::network::bind::{call_span, layer_of};
use crate::core::ops::network::layers::Layer;
use crate::core::ops::network::lex::{ParseError, Span};
use crate::core::ops::network::syntax::{parse_expr, Call, Expr, Node};

/// Most leaves a model may have (a guard against `(0-99999999): ...`).
pub const MAX_LEAVES: usize = 4096;

#[derive(Clone, Debug, PartialEq)]
pub enum Module {
    Sequential(Sequential),
    Layer(Layer),
}

/// One child: its name (an index, or the name `print(model)` shows) and
/// the module.
#[derive(Clone, Debug, PartialEq)]
pub struct Child {
    pub name: String,
    pub module: Module,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sequential {
    pub children: Vec<Child>,
}

/// A model: the outermost `nn.Sequential`. Two models are equal when their
/// trees are; where the layers stood in the text is kept beside.
#[derive(Clone, Debug, Default)]
pub struct Model {
    pub root: Sequential,
    /// Where each leaf stands in the text it was read from (empty for a
    /// model that was not parsed).
    pub spans: Vec<Span>,
}

impl PartialEq for Model {
    fn eq(&self, other: &Model) -> bool {
        self.root == other.root
    }
}

/// A leaf module with its place.
#[derive(Clone, Debug, PartialEq)]
pub struct Leaf<'a> {
    /// 0-based, in the order the model runs them.
    pub index: usize,
    /// `"3.1"`.
    pub path: String,
    pub layer: &'a Layer,
}

/// How to change a model, as a fix proposes it. `index` counts leaves.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Put `layer` in the place of leaf `index`.
    Replace { index: usize, layer: Layer },
    /// Put `layer` just before leaf `index`, in the same container.
    Insert { index: usize, layer: Layer },
    /// Take leaf `index` out.
    Remove { index: usize },
}

impl Model {
    /// Reads either pasted form: `print(model)` or `nn.Sequential(...)`
    /// source (`nn.` or `torch.nn.`, positional or keyword arguments).
    pub fn parse(text: &str) -> Result<Model, ParseError> {
        let node = parse_expr(text)?;
        let mut spans = Vec::new();
        let root = match &node.expr {
            Expr::Call(c) => sequential(c, &mut spans)?,
            _ => return Err(not_sequential(&node)),
        };
        Ok(Model { root, spans })
    }

    /// A model of these layers, one after the other, named 0, 1, 2, ...
    pub fn of_layers(layers: Vec<Layer>) -> Model {
        Model {
            root: Sequential {
                children: layers
                    .into_iter()
                    .enumerate()
                    .map(|(i, l)| Child {
                        name: i.to_string(),
                        module: Module::Layer(l),
                    })
                    .collect(),
            },
            spans: Vec::new(),
        }
    }

    /// The leaves in order, with their paths.
    pub fn leaves(&self) -> Vec<Leaf<'_>> {
        fn walk<'a>(s: &'a Sequential, prefix: &str, out: &mut Vec<Leaf<'a>>) {
            for c in &s.children {
                let path = if prefix.is_empty() {
                    c.name.clone()
                } else {
                    format!("{prefix}.{}", c.name)
                };
                match &c.module {
                    Module::Layer(layer) => out.push(Leaf {
                        index: out.len(),
                        path,
                        layer,
                    }),
                    Module::Sequential(inner) => walk(inner, &path, out),
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.root, "", &mut out);
        out
    }

    /// The model with one edit made. Containers whose children are named
    /// 0, 1, 2, ... stay numbered that way.
    pub fn apply(&self, edit: &Edit) -> Model {
        fn walk(s: &mut Sequential, seen: &mut usize, edit: &Edit) -> bool {
            let target = match edit {
                Edit::Replace { index, .. }
                | Edit::Insert { index, .. }
                | Edit::Remove { index } => *index,
            };
            let numbered = s
                .children
                .iter()
                .enumerate()
                .all(|(i, c)| c.name == i.to_string());
            for k in 0..s.children.len() {
                match &mut s.children[k].module {
                    Module::Sequential(inner) => {
                        if walk(inner, seen, edit) {
                            return true;
                        }
                    }
                    Module::Layer(layer) => {
                        if *seen == target {
                            match edit {
                                Edit::Replace { layer: new, .. } => *layer = new.clone(),
                                Edit::Insert { layer: new, .. } => s.children.insert(
                                    k,
                                    Child {
                                        name: format!("{}_new", s.children[k].name),
                                        module: Module::Layer(new.clone()),
                                    },
                                ),
                                Edit::Remove { .. } => {
                                    s.children.remove(k);
                                }
                            }
                            if numbered {
                                for (i, c) in s.children.iter_mut().enumerate() {
                                    c.name = i.to_string();
                                }
                            }
                            return true;
                        }
                        *seen += 1;
                    }
                }
            }
            false
        }
        let mut out = Model {
            root: self.root.clone(),
            spans: Vec::new(),
        };
        walk(&mut out.root, &mut 0, edit);
        out
    }
}

/// One layer on its own: `nn.Conv2d(3, 16, 3)`, `Conv2d(3, 16,
/// kernel_size=(3, 3), stride=(1, 1))` (as `print` shows it) or `ReLU()`.
pub fn parse_layer(text: &str) -> Result<Layer, ParseError> {
    let node = parse_expr(text)?;
    match &node.expr {
        Expr::Call(c) if c.name() != "Sequential" && c.items.is_none() => {
            check_prefix(c)?;
            layer_of(c)
        }
        _ => Err(ParseError::at(
            node.span,
            "expected one layer, such as nn.Conv2d(3, 16, 3)",
        )),
    }
}

fn not_sequential(node: &Node) -> ParseError {
    let what = match &node.expr {
        Expr::Call(c) => format!("'{}'", c.path.join(".")),
        _ => "this".into(),
    };
    ParseError::at(
        node.span,
        format!(
            "expected nn.Sequential(...) or the print(model) of one, found {what}: ConvLab reads \
             nn.Sequential models, whose forward() runs the children in order"
        ),
    )
}

/// `nn.`, `torch.nn.` or nothing before a class name.
fn check_prefix(c: &Call) -> Result<(), ParseError> {
    let prefix = &c.path[..c.path.len() - 1];
    if prefix.is_empty() || prefix.last().is_some_and(|p| p == "nn") {
        Ok(())
    } else {
        Err(ParseError::at(
            c.name_span,
            format!(
                "expected nn.{} or torch.nn.{}, found {}",
                c.name(),
                c.name(),
                c.path.join(".")
            ),
        ))
    }
}

fn sequential(c: &Call, spans: &mut Vec<Span>) -> Result<Sequential, ParseError> {
    if c.name() != "Sequential" {
        return Err(not_sequential(&Node {
            expr: Expr::Call(c.clone()),
            span: c.name_span,
        }));
    }
    check_prefix(c)?;
    let mut children = Vec::new();
    if let Some(items) = &c.items {
        for item in items {
            let copies = item.repeat.map_or(1, |(_, n)| n);
            if copies < 0 || spans.len() as i64 + copies > MAX_LEAVES as i64 {
                return Err(ParseError::at(
                    item.name_span,
                    format!("a model may have at most {MAX_LEAVES} layers"),
                ));
            }
            for k in 0..copies {
                let name = match item.repeat {
                    Some((first, _)) => (first + k).to_string(),
                    None => item.name.clone(),
                };
                children.push(Child {
                    name,
                    module: module(&item.module, spans)?,
                });
            }
        }
        return Ok(Sequential { children });
    }
    for (i, a) in c.args.iter().enumerate() {
        if let Some((k, span)) = &a.keyword {
            return Err(ParseError::at(
                *span,
                format!("Sequential.__init__() got an unexpected keyword argument '{k}'"),
            ));
        }
        if let Expr::Call(inner) = &a.value.expr {
            if inner.name() == "OrderedDict" && c.args.len() == 1 {
                return ordered_dict(inner, spans);
            }
        }
        children.push(Child {
            name: i.to_string(),
            module: module(&a.value, spans)?,
        });
    }
    Ok(Sequential { children })
}

/// `nn.Sequential(OrderedDict([("conv1", nn.Conv2d(...)), ...]))`.
fn ordered_dict(c: &Call, spans: &mut Vec<Span>) -> Result<Sequential, ParseError> {
    let wrong = |span| ParseError::at(span, "expected OrderedDict([(\"name\", module), ...])");
    let [arg] = c.args.as_slice() else {
        return Err(wrong(c.name_span));
    };
    let Expr::Tuple(pairs) = &arg.value.expr else {
        return Err(wrong(arg.value.span));
    };
    let mut children = Vec::new();
    for p in pairs {
        match &p.expr {
            Expr::Tuple(kv) if kv.len() == 2 => match &kv[0].expr {
                Expr::Str(name) => children.push(Child {
                    name: name.clone(),
                    module: module(&kv[1], spans)?,
                }),
                _ => return Err(wrong(kv[0].span)),
            },
            _ => return Err(wrong(p.span)),
        }
    }
    Ok(Sequential { children })
}

fn module(node: &Node, spans: &mut Vec<Span>) -> Result<Module, ParseError> {
    let Expr::Call(c) = &node.expr else {
        return Err(ParseError::at(
            node.span,
            "expected a layer such as nn.Conv2d(3, 16, 3)",
        ));
    };
    if c.name() == "Sequential" {
        return Ok(Module::Sequential(sequential(c, spans)?));
    }
    check_prefix(c)?;
    if c.items.is_some() {
        return Err(not_sequential(node));
    }
    if spans.len() >= MAX_LEAVES {
        return Err(ParseError::at(
            c.name_span,
            format!("a model may have at most {MAX_LEAVES} layers"),
        ));
    }
    let layer = layer_of(c)?;
    spans.push(call_span(c));
    Ok(Module::Layer(layer))
}
