package awards

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/web"
)

type registerView struct {
	Q, Type string
	Errors  form.Errors
	Types   []Type
	Rows    []Nomination
	First   string
	Next    string
	Print   bool
}

func (h *Handler) register(w http.ResponseWriter, r *http.Request) { h.renderRegister(w, r, false) }

func (h *Handler) registerPrint(w http.ResponseWriter, r *http.Request) { h.renderRegister(w, r, true) }

// renderRegister is the laureates' register, or (print) the printable
// public list: every laureate, with only what they consented to publish.
func (h *Handler) renderRegister(w http.ResponseWriter, r *http.Request, print bool) {
	ctx := r.Context()
	f := form.FromURL(r).Messages("awards.register")
	v := registerView{Q: f.Text("q", false, MaxSearch), Type: f.Raw("type"), Print: print}
	q := RegisterQuery{Q: v.Q, TypeID: f.ID("type", false), Published: print}
	if print {
		q.Limit = 5000
	} else {
		q.AfterYear = f.Int("after_year", false, MinRoundYear, MaxRoundYear)
		q.AfterID = f.ID("after", false)
	}
	var err error
	if v.Types, err = h.store.Types(ctx); err != nil {
		web.Error(w, r, err)
		return
	}
	v.Errors = f.Errors
	if f.Errors.Any() {
		web.Render(w, r, http.StatusUnprocessableEntity, registerPage(v))
		return
	}
	if v.Rows, err = h.store.Register(ctx, q); err != nil {
		web.Error(w, r, err)
		return
	}
	base := url.Values{}
	if v.Q != "" {
		base.Set("q", v.Q)
	}
	if v.Type != "" {
		base.Set("type", v.Type)
	}
	if q.AfterID != 0 {
		v.First = "/awards/register?" + base.Encode()
	}
	limit := q.Limit
	if limit == 0 {
		limit = PageSize
	}
	if len(v.Rows) > limit {
		v.Rows = v.Rows[:limit]
		last := v.Rows[limit-1]
		nv := url.Values{}
		for k, s := range base {
			nv[k] = s
		}
		nv.Set("after_year", strconv.Itoa(last.RoundYear))
		nv.Set("after", idStr(last.ID))
		if !print {
			v.Next = "/awards/register?" + nv.Encode()
		}
	}
	web.Render(w, r, http.StatusOK, registerPage(v))
}
