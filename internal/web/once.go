package web

import (
	"context"
	"crypto/rand"
	"errors"
	"net/http"
	"regexp"

	"github.com/alexedwards/scs/v2"

	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
)

// A create form carries a hidden idempotency key (FormKey): a double
// click, or a form sent again after it went through, makes one record.

// FormKey is the hidden key a rendered create form carries.
func FormKey() string { return rand.Text() }

var formKeyPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{8,64}$`)

// Once is a create form's idempotency key and what goes with it: how a
// record made with the key is found, where that record is, and the flash
// messages (catalogue keys) for a new record and for one the key made
// before.
type Once struct {
	Key            string
	ByKey          func(context.Context, string) (int64, error)
	URL            func(int64) string
	Saved, Already string
}

// MadeBefore answers a form the key already made a record for: it goes to
// that record. A key not of the form's making is refused. It reports
// whether it answered.
func MadeBefore(w http.ResponseWriter, r *http.Request, sm *scs.SessionManager, o Once) bool {
	if !formKeyPattern.MatchString(o.Key) {
		Error(w, r, errs.Invalid)
		return true
	}
	id, err := o.ByKey(r.Context(), o.Key)
	switch {
	case err == nil:
		RedirectWithFlash(w, r, sm, o.URL(id), i18n.T(r.Context(), o.Already))
		return true
	case !errors.Is(err, errs.NotFound):
		Error(w, r, err)
		return true
	}
	return false
}

// CreateOnce runs create when f has no errors and goes to the record it
// made, or to the one a concurrent post of the same key made (create
// returns errs.KeyUsed then). Otherwise it
// gives the status to draw the form again with (f holds the refusals); it
// reports whether it answered.
func CreateOnce(w http.ResponseWriter, r *http.Request, sm *scs.SessionManager, f *form.Values, o Once, create func() (int64, error)) (int, bool) {
	if f.Errors.Any() {
		return http.StatusUnprocessableEntity, false
	}
	id, err := create()
	flash := o.Saved
	if errors.Is(err, errs.KeyUsed) {
		id, err = o.ByKey(r.Context(), o.Key)
		flash = o.Already
	}
	if err == nil {
		RedirectWithFlash(w, r, sm, o.URL(id), i18n.T(r.Context(), flash))
		return 0, true
	}
	status, ok := f.Refused(err)
	if !ok {
		Error(w, r, err)
		return 0, true
	}
	return status, false
}

// SaveEdit runs save when f has no errors and goes to the record at url
// with the flash of the catalogue key saved; otherwise it gives the status
// to draw the form again with (f holds the refusals: a stale form's among
// them). It reports whether it answered.
func SaveEdit(w http.ResponseWriter, r *http.Request, sm *scs.SessionManager, f *form.Values, url, saved string, save func() error) (int, bool) {
	if f.Errors.Any() {
		return http.StatusUnprocessableEntity, false
	}
	err := save()
	if err == nil {
		RedirectWithFlash(w, r, sm, url, i18n.T(r.Context(), saved))
		return 0, true
	}
	status, ok := f.Refused(err)
	if !ok {
		Error(w, r, err)
		return 0, true
	}
	return status, false
}
