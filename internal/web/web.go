// Package web holds what every area's handlers share: rendering a page,
// mapping errors to a status and an error page, flashes and redirects.
package web

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"sync"

	"github.com/a-h/templ"
	"github.com/alexedwards/scs/v2"
	"github.com/go-chi/chi/v5"

	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/templates/layout"
)

// Render writes a page with the given status. The page is rendered into a
// buffer first: a failure half-way gives an error page rather than half a
// page under a 200, and the whole page leaves in one write with its length.
func Render(w http.ResponseWriter, r *http.Request, status int, c templ.Component) {
	buf := renderBuffers.Get().(*bytes.Buffer)
	defer putRenderBuffer(buf)
	if err := c.Render(r.Context(), buf); err != nil {
		if r.Context().Err() != nil {
			return // the person went away; nobody reads the answer
		}
		// Plain text: the error page is a page too, and could fail the same way.
		slog.ErrorContext(r.Context(), "render", "err", err, "method", r.Method, "path", r.URL.Path)
		http.Error(w, i18n.T(r.Context(), "errors.internal"), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	if _, err := w.Write(buf.Bytes()); err != nil {
		slog.DebugContext(r.Context(), "writing a page", "err", err)
	}
}

// renderBuffers are reused between requests; a buffer grown past
// maxKeptRenderBuffer by an unusually large page is left to the collector.
var renderBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

const maxKeptRenderBuffer = 512 << 10

func putRenderBuffer(b *bytes.Buffer) {
	if b.Cap() > maxKeptRenderBuffer {
		return
	}
	b.Reset()
	renderBuffers.Put(b)
}

// Error answers with the status and page of err's kind (package errs).
// Internal errors are logged with the request id and never shown.
func Error(w http.ResponseWriter, r *http.Request, err error) {
	ctx := r.Context()
	status, key := Status(err)
	switch {
	case status == http.StatusInternalServerError:
		slog.ErrorContext(ctx, "request failed", "err", err, "method", r.Method, "path", r.URL.Path)
	case db.Unreachable(err):
		// Every request fails this way while the database is down: one
		// warning each, not an error each, and a hint for when to come back.
		slog.WarnContext(ctx, "database unreachable", "err", err, "method", r.Method, "path", r.URL.Path)
		w.Header().Set("Retry-After", "5")
	}
	if r.Header.Get("HX-Request") == "true" {
		// htmx swaps nothing on an error status; send the message as text.
		http.Error(w, i18n.T(ctx, key), status)
		return
	}
	Render(w, r, status, errorPage(status, key, layout.PageFrom(ctx).RequestID))
}

// Status is the HTTP status and the message key of err's kind.
func Status(err error) (int, string) {
	var maxBytes *http.MaxBytesError
	if errors.As(err, &maxBytes) {
		return http.StatusRequestEntityTooLarge, "errors.too_large"
	}
	if db.Unreachable(err) {
		return http.StatusServiceUnavailable, "errors.unavailable"
	}
	switch errs.Kind(err) {
	case errs.NotFound:
		return http.StatusNotFound, "errors.not_found"
	case errs.Forbidden:
		return http.StatusForbidden, "errors.forbidden"
	case errs.Conflict:
		return http.StatusConflict, "errors.conflict"
	case errs.Invalid:
		return http.StatusBadRequest, "errors.bad_request"
	case errs.TooLarge:
		return http.StatusRequestEntityTooLarge, "errors.too_large"
	case errs.TooMany:
		return http.StatusTooManyRequests, "errors.too_many"
	case errs.Unavailable:
		return http.StatusServiceUnavailable, "errors.unavailable"
	}
	return http.StatusInternalServerError, "errors.internal"
}

// Redirect answers a successful form with 303 See Other.
func Redirect(w http.ResponseWriter, r *http.Request, url string) {
	http.Redirect(w, r, url, http.StatusSeeOther)
}

const flashKey = "flash"

// RedirectWithFlash shows msg on the next page.
func RedirectWithFlash(w http.ResponseWriter, r *http.Request, sm *scs.SessionManager, url, msg string) {
	sm.Put(r.Context(), flashKey, msg)
	Redirect(w, r, url)
}

// PopFlash takes the pending flash message out of the session.
func PopFlash(r *http.Request, sm *scs.SessionManager) string {
	return sm.PopString(r.Context(), flashKey)
}

// PathID is the positive integer id in the path parameter name; anything
// else is not found, as no page links to it.
func PathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(chi.URLParam(r, name), 10, 64)
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("%s %q: %w", name, chi.URLParam(r, name), errs.NotFound)
	}
	return id, nil
}

// ClientIP is the address the request came from: RemoteAddr, which the
// app sets from X-Forwarded-For only for a proxy of TRUSTED_PROXIES
// (internal/app's clientAddress).
func ClientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
