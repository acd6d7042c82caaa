//! Lists of pages with Hugo's methods: sorting (`.ByTitle`, `.ByWeight`…), `.Reverse`,
//! `.GroupBy`.

use std::any::Any;

use inkstone_gotemplate::{Object, Value};

use super::values::{Page, ok, text_arg};

/// A list of pages, with Hugo's sorting and grouping methods (`.ByTitle`, `.GroupBy`…).
#[derive(Debug, Clone)]
pub struct Pages(pub Vec<Value>);

impl Pages {
    pub fn value(pages: Vec<Value>) -> Value {
        Value::object(Pages(pages))
    }

    fn sorted_by(&self, key: impl Fn(&Page) -> Value) -> Value {
        let mut pages = self.0.clone();
        pages.sort_by(|a, b| {
            let key_of = |v: &Value| v.downcast::<Page>().map_or(Value::Nil, &key);
            inkstone_gotemplate::funcs::compare_values(&key_of(a), &key_of(b))
        });
        Pages::value(pages)
    }

    /// Hugo's `.GroupBy "Field"`: pages grouped by a field's value, in the order the groups
    /// first appear (`asc`/`desc` sorts them by key).
    fn group_by(&self, field: &str, order: Option<&str>) -> Value {
        let mut groups: Vec<(Value, Vec<Value>)> = Vec::new();
        for page in &self.0 {
            let key = inkstone_gotemplate::funcs::path_value(page, field);
            match groups.iter_mut().find(|(k, _)| *k == key) {
                Some((_, pages)) => pages.push(page.clone()),
                None => groups.push((key, vec![page.clone()])),
            }
        }
        match order {
            Some("desc") => {
                groups.sort_by(|a, b| inkstone_gotemplate::funcs::compare_values(&b.0, &a.0))
            }
            _ => groups.sort_by(|a, b| inkstone_gotemplate::funcs::compare_values(&a.0, &b.0)),
        }
        Value::list(
            groups
                .into_iter()
                .map(|(key, pages)| {
                    Value::object(PageGroup {
                        key,
                        pages: Pages(pages),
                    })
                })
                .collect(),
        )
    }
}

/// One group of `.GroupBy`: its `.Key` and `.Pages`, and the methods of its pages
/// (`.ByTitle`), as Hugo's group embeds them.
#[derive(Debug, Clone)]
pub struct PageGroup {
    key: Value,
    pages: Pages,
}

impl Object for PageGroup {
    fn type_name(&self) -> &str {
        "page.PageGroup"
    }

    fn get(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        match name {
            "Key" => ok(self.key.clone()),
            "Pages" => ok(Value::object(self.pages.clone())),
            _ => self.pages.get(name, args),
        }
    }

    fn items(&self) -> Option<Vec<Value>> {
        self.pages.items()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl Object for Pages {
    fn type_name(&self) -> &str {
        "page.Pages"
    }

    fn get(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        let field = |name: &'static str| {
            move |p: &Page| p.get(name, &[]).and_then(Result::ok).unwrap_or_default()
        };
        let value = match name {
            "Len" => Value::Int(self.0.len() as i64),
            "Reverse" => Pages::value(self.0.iter().rev().cloned().collect()),
            "ByWeight" => self.sorted_by(field("Weight")),
            "ByTitle" => self.sorted_by(field("Title")),
            "ByLinkTitle" => self.sorted_by(field("LinkTitle")),
            "ByDate" => self.sorted_by(field("Date")),
            "ByPublishDate" => self.sorted_by(field("PublishDate")),
            "ByLastmod" => self.sorted_by(field("Lastmod")),
            "ByExpiryDate" => self.sorted_by(field("ExpiryDate")),
            "ByParam" => {
                let key = text_arg(args, 0);
                self.sorted_by(move |p: &Page| p.param(&key))
            }
            "GroupBy" => self.group_by(&text_arg(args, 0), args.get(1).and_then(Value::as_str)),
            "GroupByParam" => self.group_by(
                &format!("Params.{}", text_arg(args, 0)),
                args.get(1).and_then(Value::as_str),
            ),
            _ => return None,
        };
        ok(value)
    }

    fn items(&self) -> Option<Vec<Value>> {
        Some(self.0.clone())
    }

    fn like(&self, items: Vec<Value>) -> Option<Value> {
        Some(Pages::value(items))
    }

    fn truthy(&self) -> bool {
        !self.0.is_empty()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
