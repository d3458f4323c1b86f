//! Checks that a request the app sends to a provider is one the provider's
//! published OpenAPI description allows: path and method exist, query
//! parameters are declared and well-typed, and the body (JSON or form) fits
//! the request schema, with no undeclared form fields.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use serde_json::{Map, Value};

/// Benchmarks switch the checks off so the fakes do not eat the CPU they measure.
static CHECKS_ENABLED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(true);

pub fn disable_checks() {
    CHECKS_ENABLED.store(false, std::sync::atomic::Ordering::Relaxed);
}

pub struct Spec {
    name: &'static str,
    doc: Value,
    components: Value,
    validators: Mutex<HashMap<String, Arc<jsonschema::Validator>>>,
}

fn load(name: &'static str, file: &str) -> Spec {
    let path = format!("{}/tests/contracts/{file}", env!("CARGO_MANIFEST_DIR"));
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("contract file"))
        .expect("contract JSON");
    let components = json_schema_of(&doc["components"]);
    Spec {
        name,
        doc,
        components,
        validators: Mutex::new(HashMap::new()),
    }
}

pub fn twilio() -> &'static Spec {
    static SPEC: OnceLock<Spec> = OnceLock::new();
    SPEC.get_or_init(|| load("Twilio", "twilio-api-v2010-messaging.openapi.json"))
}

pub fn closebot() -> &'static Spec {
    static SPEC: OnceLock<Spec> = OnceLock::new();
    SPEC.get_or_init(|| load("CloseBot", "closebot.openapi.json"))
}

/// Our own API description, as the code generates it.
pub fn ours() -> &'static Spec {
    static SPEC: OnceLock<Spec> = OnceLock::new();
    SPEC.get_or_init(|| {
        let doc = serde_json::to_value(closebot_sms::http::openapi::document())
            .expect("the OpenAPI document serialises");
        Spec {
            name: "CloseBot SMS",
            components: json_schema_of(&doc["components"]),
            doc,
            validators: Mutex::new(HashMap::new()),
        }
    })
}

impl Spec {
    /// `Ok` when `instance` fits the component schema `name`.
    pub fn check_schema(&self, name: &str, instance: &Value) -> Result<(), String> {
        let schema = serde_json::json!({ "$ref": format!("#/components/schemas/{name}") });
        self.validate(&format!("schema {name}"), &schema, instance)
    }

    /// `Ok` when the request matches the description, else what is wrong.
    pub fn check(
        &self,
        method: &str,
        path: &str,
        query: &[(String, String)],
        content_type: Option<&str>,
        body: &[u8],
    ) -> Result<(), String> {
        if !CHECKS_ENABLED.load(std::sync::atomic::Ordering::Relaxed) {
            return Ok(());
        }
        let candidates = self.find_paths(path);
        let (template, _) = candidates
            .first()
            .cloned()
            .ok_or_else(|| format!("{}: no path matches {path}", self.name))?;
        // Templates can overlap (`/x/{id}` and `/x/{sourceId}`): take the one
        // that has this method.
        let (template, item, operation) = candidates
            .iter()
            .find_map(|(t, i)| Some((t.clone(), *i, i.get(method.to_ascii_lowercase())?)))
            .ok_or_else(|| format!("{}: {method} is not an operation of {template}", self.name))?;
        self.check_query(&template, operation, item, query)?;
        self.check_body(&template, method, operation, content_type, body)
    }

    fn find_paths(&self, path: &str) -> Vec<(String, &Value)> {
        let Some(paths) = self.doc["paths"].as_object() else {
            return Vec::new();
        };
        paths
            .iter()
            .filter_map(|(template, item)| {
                let pattern = format!(
                    "^{}$",
                    regex::Regex::new(r"\\\{[^}]+\\\}")
                        .unwrap()
                        .replace_all(&regex::escape(template), "[^/]+")
                );
                regex::Regex::new(&pattern)
                    .unwrap()
                    .is_match(path)
                    .then(|| (template.clone(), item))
            })
            .collect()
    }

    fn check_query(
        &self,
        template: &str,
        operation: &Value,
        item: &Value,
        query: &[(String, String)],
    ) -> Result<(), String> {
        let declared: Vec<&Value> = [operation.get("parameters"), item.get("parameters")]
            .into_iter()
            .flatten()
            .filter_map(Value::as_array)
            .flatten()
            .filter(|p| p["in"] == "query")
            .collect();
        for param in &declared {
            let name = param["name"].as_str().unwrap_or_default();
            if param["required"] == true && !query.iter().any(|(k, _)| k == name) {
                return Err(format!(
                    "{}: {template} requires query parameter {name}",
                    self.name
                ));
            }
        }
        for (key, value) in query {
            let param = declared
                .iter()
                .find(|p| p["name"] == key.as_str())
                .ok_or_else(|| format!("{}: {template} has no query parameter {key}", self.name))?;
            let schema = json_schema_of(&param["schema"]);
            let typed = coerce(value, &schema, &self.doc["components"]);
            self.validate(&format!("{template}?{key}"), &schema, &typed)?;
        }
        Ok(())
    }

    fn check_body(
        &self,
        template: &str,
        method: &str,
        operation: &Value,
        content_type: Option<&str>,
        body: &[u8],
    ) -> Result<(), String> {
        let Some(request_body) = operation.get("requestBody") else {
            return if body.is_empty() {
                Ok(())
            } else {
                Err(format!("{}: {method} {template} takes no body", self.name))
            };
        };
        let media = content_type
            .unwrap_or_default()
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        let schema = request_body["content"]
            .get(&media)
            .map(|c| json_schema_of(&c["schema"]))
            .ok_or_else(|| {
                format!(
                    "{}: {method} {template} does not accept {media:?}",
                    self.name
                )
            })?;
        let instance = if media == "application/x-www-form-urlencoded" {
            self.form_instance(template, &schema, body)?
        } else {
            serde_json::from_slice(body)
                .map_err(|e| format!("{}: body is not JSON: {e}", self.name))?
        };
        self.validate(&format!("{method} {template}"), &schema, &instance)
    }

    /// A form body as the object its schema describes, values typed.
    fn form_instance(&self, template: &str, schema: &Value, body: &[u8]) -> Result<Value, String> {
        let schema = self.resolve(schema);
        let properties = schema["properties"]
            .as_object()
            .cloned()
            .unwrap_or_default();
        let mut object = Map::new();
        for (key, value) in url::form_urlencoded::parse(body) {
            let property = properties
                .get(key.as_ref())
                .ok_or_else(|| format!("{}: {template} has no form field {key}", self.name))?;
            let typed = coerce(&value, &self.resolve(property), &self.components);
            match object.get_mut(key.as_ref()) {
                Some(Value::Array(items)) => items.push(typed),
                Some(existing) => *existing = Value::Array(vec![existing.clone(), typed]),
                None => {
                    object.insert(key.into_owned(), typed);
                }
            }
        }
        Ok(Value::Object(object))
    }

    fn resolve(&self, schema: &Value) -> Value {
        match schema
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/components/"))
        {
            Some(pointer) => self
                .components
                .pointer(&format!("/{pointer}"))
                .cloned()
                .unwrap_or(Value::Null),
            None => schema.clone(),
        }
    }

    fn validate(&self, key: &str, schema: &Value, instance: &Value) -> Result<(), String> {
        let validator = {
            let mut cache = self.validators.lock().unwrap();
            cache
                .entry(key.to_owned())
                .or_insert_with(|| {
                    let mut root = schema.clone();
                    if let Value::Object(map) = &mut root {
                        map.insert("components".into(), self.components.clone());
                    } else {
                        root =
                            serde_json::json!({ "allOf": [schema], "components": self.components });
                    }
                    Arc::new(
                        jsonschema::options()
                            .with_draft(jsonschema::Draft::Draft7)
                            .build(&root)
                            .unwrap_or_else(|e| {
                                panic!("{}: schema for {key} does not compile: {e}", self.name)
                            }),
                    )
                })
                .clone()
        };
        let errors: Vec<String> = validator
            .iter_errors(instance)
            .map(|e| format!("{} at {}", e, e.instance_path))
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(format!("{}: {key}: {}", self.name, errors.join("; ")))
        }
    }
}

/// OpenAPI 3.0 schema → JSON Schema: `nullable: true` becomes a `null` type.
fn json_schema_of(schema: &Value) -> Value {
    match schema {
        Value::Object(map) => {
            let mut out: Map<String, Value> = map
                .iter()
                .map(|(k, v)| (k.clone(), json_schema_of(v)))
                .collect();
            if out.remove("nullable") == Some(Value::Bool(true)) {
                if let Some(Value::String(t)) = out.get("type").cloned() {
                    out.insert("type".into(), serde_json::json!([t, "null"]));
                } else if out.contains_key("$ref") || out.contains_key("allOf") {
                    let inner = Value::Object(out.clone());
                    return serde_json::json!({ "anyOf": [inner, { "type": "null" }] });
                }
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(json_schema_of).collect()),
        other => other.clone(),
    }
}

/// A form or query string value, typed as its schema says (left as a
/// string when it does not parse, so the validator reports it).
fn coerce(raw: &str, schema: &Value, _components: &Value) -> Value {
    let kind = match &schema["type"] {
        Value::String(t) => t.as_str(),
        Value::Array(types) => types
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .unwrap_or("string"),
        _ => "string",
    };
    match kind {
        "integer" => raw
            .parse::<i64>()
            .map(Value::from)
            .unwrap_or_else(|_| Value::from(raw)),
        "number" => raw
            .parse::<f64>()
            .map(Value::from)
            .unwrap_or_else(|_| Value::from(raw)),
        "boolean" => match raw {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => Value::from(raw),
        },
        "array" => Value::Array(vec![coerce(raw, &schema["items"], _components)]),
        _ => Value::from(raw),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> Vec<u8> {
        url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish()
            .into_bytes()
    }

    #[test]
    fn a_well_formed_twilio_send_passes() {
        let body = form(&[
            ("To", "+15551234567"),
            ("From", "+15005550006"),
            ("Body", "hi"),
            ("StatusCallback", "https://x.test/cb"),
        ]);
        let path = "/2010-04-01/Accounts/AC00000000000000000000000000000000/Messages.json";
        twilio()
            .check(
                "POST",
                path,
                &[],
                Some("application/x-www-form-urlencoded"),
                &body,
            )
            .unwrap();
    }

    #[test]
    fn undeclared_fields_wrong_types_and_unknown_paths_fail() {
        let path = "/2010-04-01/Accounts/AC00000000000000000000000000000000/Messages.json";
        let extra = form(&[("To", "+15551234567"), ("Body", "x"), ("Colour", "red")]);
        assert!(twilio()
            .check(
                "POST",
                path,
                &[],
                Some("application/x-www-form-urlencoded"),
                &extra
            )
            .is_err());
        let typed = form(&[
            ("To", "+15551234567"),
            ("Body", "x"),
            ("ValidityPeriod", "soon"),
        ]);
        assert!(twilio()
            .check(
                "POST",
                path,
                &[],
                Some("application/x-www-form-urlencoded"),
                &typed
            )
            .is_err());
        assert!(twilio()
            .check("POST", "/2010-04-01/Nope.json", &[], None, b"")
            .is_err());
        assert!(twilio()
            .check("POST", path, &[], Some("application/json"), b"{}")
            .is_err());
    }

    #[test]
    fn closebot_json_bodies_are_checked_strictly() {
        let toggle = br#"{"enabled": false}"#;
        closebot()
            .check(
                "PUT",
                "/lead/L1/ai-toggle",
                &[],
                Some("application/json"),
                toggle,
            )
            .unwrap();
        assert!(closebot()
            .check(
                "PUT",
                "/lead/L1/ai-toggle",
                &[],
                Some("application/json"),
                br#"{"enabled": "no"}"#
            )
            .is_err());
        assert!(closebot()
            .check(
                "PUT",
                "/lead/L1/ai-toggle",
                &[],
                Some("application/json"),
                br#"{"on": true}"#
            )
            .is_err());
        let search = br#"{"search": "+15551234567", "offset": 0, "count": 25}"#;
        closebot()
            .check(
                "POST",
                "/lead/search",
                &[],
                Some("application/json"),
                search,
            )
            .unwrap();
    }

    #[test]
    fn query_parameters_must_be_declared() {
        let path = "/2010-04-01/Accounts/AC00000000000000000000000000000000/Messages.json";
        let ok = [
            ("To".to_string(), "+1555".to_string()),
            ("PageSize".to_string(), "50".to_string()),
        ];
        twilio().check("GET", path, &ok, None, b"").unwrap();
        let bad = [("Colour".to_string(), "red".to_string())];
        assert!(twilio().check("GET", path, &bad, None, b"").is_err());
    }
}
