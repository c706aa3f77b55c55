package petitions

import (
	"crypto/subtle"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/web"
)

// Lookups a client may make on the public status page: a burst of
// statusBurst, refilled at statusBurst a minute. Enough for a person who
// mistypes; too few to guess check codes.
const (
	statusBurst  = 10
	statusPeriod = time.Minute
)

// statusView is the public status page: the form, and what a lookup found.
type statusView struct {
	Number     string
	Code       string
	Errors     form.Errors
	NotFound   bool
	TooMany    bool
	Found      bool
	State      State
	Received   time.Time
	Due        time.Time
	AnsweredOn *time.Time
}

func (h *Handler) statusPage(w http.ResponseWriter, r *http.Request) {
	web.Render(w, r, http.StatusOK, statusPage(statusView{}))
}

// dummyCode is compared against when no submission has the number, so that
// a wrong number takes as long as a wrong code.
const dummyCode = "XXXXXXXXXXXX"

func (h *Handler) statusLookup(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if !h.statusLimit.Allow(r) {
		w.Header().Set("Retry-After", "60")
		web.Render(w, r, http.StatusTooManyRequests, statusPage(statusView{TooMany: true}))
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("petitions.status.errors")
	v := statusView{
		Number: f.Text("number", true, 60),
		Code:   strings.ToUpper(strings.ReplaceAll(f.Text("code", true, 20), " ", "")),
	}
	if f.Errors.Any() {
		v.Errors = f.Errors
		web.Render(w, r, http.StatusUnprocessableEntity, statusPage(v))
		return
	}
	st, err := h.store.PublicStatus(ctx, v.Number)
	missing := errors.Is(err, errs.NotFound)
	if missing {
		st.CheckCode = dummyCode
	} else if err != nil {
		web.Error(w, r, err)
		return
	}
	match := subtle.ConstantTimeCompare([]byte(strings.ToUpper(st.CheckCode)), []byte(v.Code)) == 1
	if !match || missing {
		web.Render(w, r, http.StatusNotFound, statusPage(statusView{Number: v.Number, NotFound: true}))
		return
	}
	v.State, v.Received, v.Due, v.AnsweredOn = st.State, st.Received, st.Due, st.AnsweredOn
	v.Found, v.Code = true, ""
	web.Render(w, r, http.StatusOK, statusPage(v))
}
