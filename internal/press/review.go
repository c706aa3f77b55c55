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

// The approval's steps. Each posts the release's version as the page drew
// it: a page drawn before someone else moved the release on is refused
// with what happened, and changes nothing.

func (h *Handler) submit(w http.ResponseWriter, r *http.Request) {
	h.simpleStep(w, r, h.store.Submit, "press.review.submitted")
}

func (h *Handler) withdraw(w http.ResponseWriter, r *http.Request) {
	h.simpleStep(w, r, h.store.Withdraw, "press.review.withdrawn")
}

func (h *Handler) simpleStep(w http.ResponseWriter, r *http.Request, step func(ctx context.Context, id int64, version int) error, done string) {
	ctx := r.Context()
	id, err := web.PathID(r, "id")
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	err = step(ctx, id, f.Version())
	switch {
	case err == nil:
		web.RedirectWithFlash(w, r, h.sessions, releaseURL(id), i18n.T(ctx, done))
	case errors.Is(err, errs.Conflict):
		web.RedirectWithFlash(w, r, h.sessions, releaseURL(id), i18n.T(ctx, "press.review.stale"))
	default:
		web.Error(w, r, err)
	}
}

func (h *Handler) approve(w http.ResponseWriter, r *http.Request) {
	h.decide(w, r, DecisionApproved)
}

func (h *Handler) returnIt(w http.ResponseWriter, r *http.Request) {
	h.decide(w, r, DecisionReturned)
}

// decide is the head's approval or return of the version the page showed.
func (h *Handler) decide(w http.ResponseWriter, r *http.Request, d Decision) {
	ctx := r.Context()
	x, err := h.pathRelease(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("press.review")
	comment := f.Text("comment", d == DecisionReturned, MaxComment)
	no := f.Int("version_no", true, 1, 1<<30)
	status := http.StatusUnprocessableEntity
	if !f.Errors.Any() {
		if d == DecisionApproved {
			err = h.store.Approve(ctx, x.ID, f.Version(), no, comment)
		} else {
			err = h.store.Return(ctx, x.ID, f.Version(), no, comment)
		}
		if err == nil {
			key := "press.review.approved"
			if d == DecisionReturned {
				key = "press.review.returned"
			}
			web.RedirectWithFlash(w, r, h.sessions, releaseURL(x.ID), i18n.T(ctx, key))
			return
		}
		var ok bool
		if status, ok = f.Refused(err); !ok {
			web.Error(w, r, err)
			return
		}
	}
	if x, err = h.store.Release(ctx, x.ID); err != nil {
		web.Error(w, r, err)
		return
	}
	h.renderCard(w, r, status, cardView{R: x, Comment: comment, ReviewErrors: f.Errors})
}
