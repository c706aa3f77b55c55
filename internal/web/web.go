// Package web holds what every area's handlers share: rendering a page,
// mapping errors to a status and an error page, flashes and redirects.
package web

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/a-h/templ"
	"github.com/alexedwards/scs/v2"
	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/templates/layout"
)

// Error kinds an area returns; Error maps them to a status and a page.
var (
	ErrNotFound   = errors.New("not found")
	ErrForbidden  = errors.New("forbidden")
	ErrConflict   = errors.New("edited by someone else")
	ErrBadRequest = errors.New("bad request")
	ErrTooMany    = errors.New("too many requests")
)

// Render writes a page with the given status.
func Render(w http.ResponseWriter, r *http.Request, status int, c templ.Component) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	if err := c.Render(r.Context(), w); err != nil {
		slog.ErrorContext(r.Context(), "render", "err", err)
	}
}

// Error answers with the status and page that fit err. Internal errors are
// logged with the request id and never shown.
func Error(w http.ResponseWriter, r *http.Request, err error) {
	ctx := r.Context()
	var maxBytes *http.MaxBytesError
	status, key := http.StatusInternalServerError, "errors.internal"
	switch {
	case errors.Is(err, ErrNotFound), errors.Is(err, pgx.ErrNoRows):
		status, key = http.StatusNotFound, "errors.not_found"
	case errors.Is(err, ErrForbidden):
		status, key = http.StatusForbidden, "errors.forbidden"
	case errors.Is(err, ErrConflict):
		status, key = http.StatusConflict, "errors.conflict"
	case errors.As(err, &maxBytes):
		status, key = http.StatusRequestEntityTooLarge, "errors.too_large"
	case errors.Is(err, ErrBadRequest):
		status, key = http.StatusBadRequest, "errors.bad_request"
	case errors.Is(err, ErrTooMany):
		status, key = http.StatusTooManyRequests, "errors.too_many"
	default:
		slog.ErrorContext(ctx, "request failed", "err", err, "method", r.Method, "path", r.URL.Path)
	}
	if r.Header.Get("HX-Request") == "true" {
		// htmx swaps nothing on an error status; send the message as text.
		http.Error(w, i18n.T(ctx, key), status)
		return
	}
	Render(w, r, status, errorPage(status, key, layout.PageFrom(ctx).RequestID))
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
