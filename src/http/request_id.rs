//! Request ids: every request gets an `x-request-id` (the caller's when it
//! is sane, else a fresh one), answered back in the same header and named
//! in a tracing span around the request, so each of its log lines carries
//! `request_id`. Work a request queues keeps the id (`CurrentRequestId`).

use std::convert::Infallible;

use axum::body::Body;
use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use tower::ServiceBuilder;
use tower_http::request_id::{self, MakeRequestId, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

use crate::domain::request_id::RequestId;

pub const X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Wraps every route of `router`: ids are set before anything else runs
/// (outermost but for what the caller layers on after).
pub fn wrap<S: Clone + Send + Sync + 'static>(router: Router<S>) -> Router<S> {
    router.layer(
        ServiceBuilder::new()
            .layer(middleware::from_fn(drop_insane_id))
            .layer(SetRequestIdLayer::new(X_REQUEST_ID, Fresh))
            .layer(PropagateRequestIdLayer::new(X_REQUEST_ID))
            .layer(TraceLayer::new_for_http().make_span_with(span_for)),
    )
}

/// A caller's id that could forge or flood a log line is dropped, so a
/// fresh one replaces it.
async fn drop_insane_id(mut request: Request, next: Next) -> Response {
    let sane = request
        .headers()
        .get(&X_REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .and_then(RequestId::parse)
        .is_some();
    if !sane {
        request.headers_mut().remove(&X_REQUEST_ID);
    }
    next.run(request).await
}

#[derive(Clone, Copy)]
struct Fresh;

impl MakeRequestId for Fresh {
    fn make_request_id<B>(&mut self, _: &axum::http::Request<B>) -> Option<request_id::RequestId> {
        HeaderValue::from_str(RequestId::generate().as_str())
            .ok()
            .map(request_id::RequestId::new)
    }
}

/// The path only: a query can hold a secret (the CloseBot callback token).
fn span_for(request: &axum::http::Request<Body>) -> tracing::Span {
    let id = request
        .headers()
        .get(&X_REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    tracing::info_span!(
        "request",
        method = %request.method(),
        path = request.uri().path(),
        request_id = id,
    )
}

/// The id of the request being handled.
pub struct CurrentRequestId(pub RequestId);

impl<S: Send + Sync> FromRequestParts<S> for CurrentRequestId {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Infallible> {
        let id = parts
            .extensions
            .get::<request_id::RequestId>()
            .and_then(|id| id.header_value().to_str().ok())
            .and_then(RequestId::parse)
            // Only a router built without `wrap` (none is) gets here.
            .unwrap_or_else(RequestId::generate);
        Ok(Self(id))
    }
}
