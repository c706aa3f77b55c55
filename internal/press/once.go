package press

import (
	"context"
	"errors"
	"net/http"

	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

// once is a create form's idempotency key and what goes with it: how a
// record made with the key is found, where that record is, and the flash
// messages (catalogue keys) for a new record and for one the key made
// before. A double click, or a form sent again after it went through,
// makes one record.
type once struct {
	key            string
	byKey          func(context.Context, string) (int64, error)
	url            func(int64) string
	saved, already string
}

// madeBefore answers a form the key already made a record for: it goes to
// that record. A key not of the form's making is refused. It reports
// whether it answered.
func (h *Handler) madeBefore(w http.ResponseWriter, r *http.Request, o once) bool {
	if !idemPattern.MatchString(o.key) {
		web.Error(w, r, errs.Invalid)
		return true
	}
	id, err := o.byKey(r.Context(), o.key)
	switch {
	case err == nil:
		web.RedirectWithFlash(w, r, h.sessions, o.url(id), i18n.T(r.Context(), o.already))
		return true
	case !errors.Is(err, errs.NotFound):
		web.Error(w, r, err)
		return true
	}
	return false
}

// createOnce runs create when f has no errors and goes to the record it
// made, or to the one a concurrent post of the same key made. Otherwise it
// gives the status to draw the form again with (f holds the refusals); it
// reports whether it answered.
func (h *Handler) createOnce(w http.ResponseWriter, r *http.Request, f *form.Values, o once, create func() (int64, error)) (int, bool) {
	if f.Errors.Any() {
		return http.StatusUnprocessableEntity, false
	}
	id, err := create()
	flash := o.saved
	if errors.Is(err, ErrDuplicateKey) {
		id, err = o.byKey(r.Context(), o.key)
		flash = o.already
	}
	if err == nil {
		web.RedirectWithFlash(w, r, h.sessions, o.url(id), i18n.T(r.Context(), flash))
		return 0, true
	}
	status, ok := f.Refused(err)
	if !ok {
		web.Error(w, r, err)
		return 0, true
	}
	return status, false
}

// saveEdit runs save when f has no errors and goes to the record at url
// with the flash of the catalogue key saved; otherwise it gives the status
// to draw the form again with (f holds the refusals: a stale form's among
// them). It reports whether it answered.
func (h *Handler) saveEdit(w http.ResponseWriter, r *http.Request, f *form.Values, url, saved string, save func() error) (int, bool) {
	if f.Errors.Any() {
		return http.StatusUnprocessableEntity, false
	}
	err := save()
	if err == nil {
		web.RedirectWithFlash(w, r, h.sessions, url, i18n.T(r.Context(), saved))
		return 0, true
	}
	status, ok := f.Refused(err)
	if !ok {
		web.Error(w, r, err)
		return 0, true
	}
	return status, false
}
