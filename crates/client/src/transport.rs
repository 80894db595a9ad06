//! Sending one API call: reqwest natively, the browser's `fetch` in wasm32 (reqwest's wasm
//! build brings URL, header and IDNA code the web app does not need, and its size matters).

use crate::ClientError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verb {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Verb {
    fn as_str(self) -> &'static str {
        match self {
            Verb::Get => "GET",
            Verb::Post => "POST",
            Verb::Put => "PUT",
            Verb::Patch => "PATCH",
            Verb::Delete => "DELETE",
        }
    }
}

/// What a call sends.
#[derive(Debug)]
pub(crate) enum Body {
    Json(String),
    /// `multipart/form-data`, encoded with this boundary.
    #[cfg(not(target_arch = "wasm32"))]
    Multipart {
        boundary: String,
        bytes: Vec<u8>,
    },
    /// A browser form: the browser encodes it and streams the file.
    #[cfg(target_arch = "wasm32")]
    Form(web_sys::FormData),
}

/// One call: where, what, and the body if any.
#[derive(Debug)]
pub(crate) struct Call {
    pub verb: Verb,
    /// From the server's root, e.g. `/api/v1/me`.
    pub path: String,
    pub query: Vec<(String, String)>,
    pub body: Option<Body>,
}

impl Call {
    pub fn new(verb: Verb, path: String) -> Call {
        Call {
            verb,
            path,
            query: Vec::new(),
            body: None,
        }
    }

    pub fn query(mut self, pairs: Vec<(String, String)>) -> Call {
        self.query = pairs;
        self
    }

    pub fn json<B: serde::Serialize>(mut self, body: &B) -> Call {
        self.body = serde_json::to_string(body).ok().map(Body::Json);
        self
    }

    pub fn body(mut self, body: Body) -> Call {
        self.body = Some(body);
        self
    }
}

/// The status and body text of the answer.
pub(crate) struct Answer {
    pub status: u16,
    pub text: String,
}

#[cfg(not(target_arch = "wasm32"))]
pub(crate) async fn send(
    http: &reqwest::Client,
    base_url: &str,
    token: Option<&str>,
    call: Call,
) -> Result<Answer, ClientError> {
    let method =
        reqwest::Method::from_bytes(call.verb.as_str().as_bytes()).unwrap_or(reqwest::Method::GET);
    let mut request = http
        .request(method, format!("{base_url}{}", call.path))
        .query(&call.query);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request = match call.body {
        Some(Body::Json(text)) => request
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(text),
        Some(Body::Multipart { boundary, bytes }) => request
            .header(
                reqwest::header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(bytes),
        None => request,
    };
    let response = request.send().await.map_err(network)?;
    let status = response.status().as_u16();
    let text = response.text().await.map_err(network)?;
    Ok(Answer { status, text })
}

#[cfg(target_arch = "wasm32")]
pub(crate) async fn send(
    base_url: &str,
    token: Option<&str>,
    call: Call,
) -> Result<Answer, ClientError> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{Headers, RequestInit, Response};

    let js = |e: wasm_bindgen::JsValue| network(format!("{e:?}"));
    let headers = Headers::new().map_err(js)?;
    if let Some(token) = token {
        headers
            .set("authorization", &format!("Bearer {token}"))
            .map_err(js)?;
    }
    let init = RequestInit::new();
    init.set_method(call.verb.as_str());
    match &call.body {
        Some(Body::Json(text)) => {
            headers
                .set("content-type", "application/json")
                .map_err(js)?;
            init.set_body(&wasm_bindgen::JsValue::from_str(text));
        }
        // The browser sets the content type with its boundary.
        Some(Body::Form(form)) => init.set_body(form),
        None => {}
    }
    init.set_headers(&headers);
    let mut url = format!("{base_url}{}", call.path);
    for (i, (key, value)) in call.query.iter().enumerate() {
        url.push(if i == 0 { '?' } else { '&' });
        url.push_str(&crate::segment(key));
        url.push('=');
        url.push_str(&crate::segment(value));
    }
    let window = web_sys::window().ok_or_else(|| network("no window"))?;
    let response: Response = JsFuture::from(window.fetch_with_str_and_init(&url, &init))
        .await
        .map_err(js)?
        .dyn_into()
        .map_err(js)?;
    let text = JsFuture::from(response.text().map_err(js)?)
        .await
        .map_err(js)?
        .as_string()
        .unwrap_or_default();
    Ok(Answer {
        status: response.status(),
        text,
    })
}

fn network(e: impl ToString) -> ClientError {
    ClientError::Network(e.to_string())
}
