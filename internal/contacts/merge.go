package contacts

import (
	"context"
	"net/http"
	"strconv"

	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

// The duplicates list and merging two records into one.

func (h *Handler) duplicatesPage(w http.ResponseWriter, r *http.Request) {
	pairs, err := h.store.DuplicatePairs(r.Context(), 100)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, duplicatesPage(pairs))
}

type mergeView struct {
	A, B   Contact
	Keep   string // "a" or "b"
	Errors form.Errors
}

// mergePair reads the two records of a merge from the query or the form.
func (h *Handler) mergePair(r *http.Request, f *form.Values) (Contact, Contact, error) {
	a, b := f.ID("a", true), f.ID("b", true)
	if f.Errors.Any() {
		return Contact{}, Contact{}, errs.NotFound
	}
	ca, err := h.store.Get(r.Context(), a)
	if err != nil {
		return ca, Contact{}, err
	}
	cb, err := h.store.Get(r.Context(), b)
	return ca, cb, err
}

func (h *Handler) mergePage(w http.ResponseWriter, r *http.Request) {
	f := form.FromURL(r)
	if f.Raw("a") == "" && f.Raw("b") == "" {
		// The pair is picked on the duplicates list.
		web.Redirect(w, r, "/contacts/duplicates")
		return
	}
	a, b, err := h.mergePair(r, f)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, mergePage(mergeView{A: a, B: b, Keep: "a"}))
}

func (h *Handler) merge(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("contacts.merge.form")
	a, b, err := h.mergePair(r, f)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	keepSide := string(form.Enum(f, "keep", true, []string{"a", "b"}))
	va, vb := versionOf(f, "va"), versionOf(f, "vb")
	v := mergeView{A: a, B: b, Keep: keepSide}
	status := http.StatusUnprocessableEntity
	if !f.Errors.Any() {
		keep, drop, kv, dv := a, b, va, vb
		if keepSide == "b" {
			keep, drop, kv, dv = b, a, vb, va
		}
		err := h.store.Merge(ctx, keep.ID, drop.ID, kv, dv)
		if err == nil {
			web.RedirectWithFlash(w, r, h.sessions, contactURL(keep.ID), i18n.T(ctx, "contacts.merge.done"))
			return
		}
		var ok bool
		if status, ok = f.Refused(err); !ok {
			web.Error(w, r, err)
			return
		}
	}
	v.Errors = f.Errors
	web.Render(w, r, status, mergePage(v))
}

// versionOf reads a version field other than "version"; -1 when missing.
func versionOf(f *form.Values, name string) int {
	n, err := strconv.Atoi(f.Raw(name))
	if err != nil {
		return -1
	}
	return n
}

func mergeURL(a, b int64) string { return "/contacts/merge?a=" + idStr(a) + "&b=" + idStr(b) }

func joined(ctx context.Context, s []string) string {
	if len(s) == 0 {
		return "—"
	}
	out := s[0]
	for _, x := range s[1:] {
		out += ", " + x
	}
	return out
}
