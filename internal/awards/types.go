package awards

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/web"
)

// MaxCriteria is how many criteria a statute's form offers.
const MaxCriteria = 6

// typeForm is an award type's form as typed.
type typeForm struct {
	Name, Description, Nominators, Documents string
	MaxPerYear, RepeatAfter, DecisionBody    string
	RepeatAllowed                            bool
	CriterionID                              [MaxCriteria]string
	CriterionName, CriterionWeight           [MaxCriteria]string
	Version                                  int
	Idem                                     string
}

type typeView struct {
	ID     int64
	Form   typeForm
	Errors form.Errors
}

type typesView struct {
	Types []Type
}

func (h *Handler) types(w http.ResponseWriter, r *http.Request) {
	ts, err := h.store.Types(r.Context())
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, typesPage(typesView{Types: ts}))
}

func (h *Handler) newTypePage(w http.ResponseWriter, r *http.Request) {
	web.Render(w, r, http.StatusOK, typePage(typeView{Form: typeForm{MaxPerYear: "1", Idem: web.FormKey()}}))
}

func (h *Handler) editTypePage(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		web.Error(w, r, err)
		return
	}
	t, err := h.store.Type(r.Context(), id)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f := typeForm{Name: t.Name, Description: t.Description, Nominators: t.Nominators, Documents: strings.Join(t.Documents, "\n"),
		MaxPerYear: strconv.Itoa(t.MaxPerYear), RepeatAllowed: t.RepeatAllowed, DecisionBody: t.DecisionBody, Version: t.Version}
	if t.RepeatAfterYears != nil {
		f.RepeatAfter = strconv.Itoa(*t.RepeatAfterYears)
	}
	for i, c := range t.Criteria {
		if i < MaxCriteria {
			f.CriterionID[i], f.CriterionName[i], f.CriterionWeight[i] = idStr(c.ID), c.Name, strconv.Itoa(c.Weight)
		}
	}
	web.Render(w, r, http.StatusOK, typePage(typeView{ID: t.ID, Form: f}))
}

// readType checks the statute's form.
func readType(f *form.Values) (typeForm, Type) {
	in := typeForm{
		Name:          f.Text("name", true, 200),
		Description:   f.Text("description", false, 4000),
		Nominators:    f.Text("nominators", false, 1000),
		Documents:     f.Text("documents", false, 2000),
		MaxPerYear:    strings.TrimSpace(f.Raw("max_per_year")),
		RepeatAllowed: f.Bool("repeat_allowed"),
		RepeatAfter:   strings.TrimSpace(f.Raw("repeat_after")),
		DecisionBody:  f.Text("decision_body", true, 200),
		Version:       f.Version(),
		Idem:          strings.TrimSpace(f.Raw("idem")),
	}
	t := Type{Name: in.Name, Description: in.Description, Nominators: in.Nominators, RepeatAllowed: in.RepeatAllowed,
		DecisionBody: in.DecisionBody, Version: in.Version}
	t.MaxPerYear = f.Int("max_per_year", true, 1, 100)
	if n := f.Int("repeat_after", false, 1, 100); n > 0 {
		if !in.RepeatAllowed {
			f.Add("repeat_after", "awards.err_repeat_after_without_repeat")
		}
		t.RepeatAfterYears = &n
	}
	for line := range strings.SplitSeq(in.Documents, "\n") {
		if d := strings.TrimSpace(line); d != "" && len(t.Documents) < 10 {
			if len([]rune(d)) > 200 {
				f.Add("documents", "field.too_long", "200")
				break
			}
			t.Documents = append(t.Documents, d)
		}
	}
	names := map[string]bool{}
	for i := range MaxCriteria {
		n := strconv.Itoa(i + 1)
		in.CriterionID[i] = strings.TrimSpace(f.Raw("criterion_id_" + n))
		in.CriterionName[i] = f.Text("criterion_name_"+n, false, 200)
		in.CriterionWeight[i] = strings.TrimSpace(f.Raw("criterion_weight_" + n))
		if in.CriterionName[i] == "" && in.CriterionWeight[i] == "" {
			continue
		}
		if in.CriterionName[i] == "" {
			f.Add("criterion_name_"+n, "awards.type.criterion_name_required")
			continue
		}
		if names[strings.ToLower(in.CriterionName[i])] {
			f.Add("criterion_name_"+n, "awards.err_criterion_twice")
			continue
		}
		names[strings.ToLower(in.CriterionName[i])] = true
		w := f.Int("criterion_weight_"+n, true, 1, 100)
		id, _ := strconv.ParseInt(in.CriterionID[i], 10, 64)
		t.Criteria = append(t.Criteria, Criterion{ID: id, Name: in.CriterionName[i], Weight: w})
	}
	if len(t.Criteria) == 0 && f.Errors.Get("criterion_name_1") == "" {
		f.Add("criterion_name_1", "awards.err_no_criteria")
	}
	return in, t
}

func (h *Handler) createType(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("awards.type")
	in, t := readType(f)
	o := web.Once{Key: in.Idem, ByKey: h.store.TypeByIdempotencyKey, URL: func(int64) string { return "/awards/types" },
		Saved: "awards.type.saved", Already: "awards.already_saved"}
	if web.MadeBefore(w, r, h.sessions, o) {
		return
	}
	t.IdempotencyKey = in.Idem
	status, done := web.CreateOnce(w, r, h.sessions, f, o, func() (int64, error) { return h.store.CreateType(ctx, t) })
	if done {
		return
	}
	web.Render(w, r, status, typePage(typeView{Form: in, Errors: f.Errors}))
}

func (h *Handler) updateType(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := web.PathID(r, "id")
	if err != nil {
		web.Error(w, r, err)
		return
	}
	if _, err := h.store.Type(ctx, id); err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("awards.type")
	in, t := readType(f)
	t.ID = id
	status, done := web.SaveEdit(w, r, h.sessions, f, "/awards/types", "awards.type.saved", func() error { return h.store.UpdateType(ctx, t) })
	if done {
		return
	}
	web.Render(w, r, status, typePage(typeView{ID: id, Form: in, Errors: f.Errors}))
}

func (v typeView) action() string {
	if v.ID == 0 {
		return "/awards/types"
	}
	return "/awards/types/" + idStr(v.ID) + "/edit"
}
