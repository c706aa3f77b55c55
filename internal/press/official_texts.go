package press

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/export"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

// Official greetings, statements and speeches: the library with the open
// ones first, the form that asks for and drafts one, its card with the
// head's approval, its drafts and their comparison.

func officialURL(id int64) string { return "/press/texts/" + strconv.FormatInt(id, 10) }

// officialListForm is the library's filters as typed.
type officialListForm struct {
	Q, Kind, Status, Official, Year string
	All                             bool // the whole library, newest first; otherwise the open ones
}

func (f officialListForm) values() url.Values {
	v := url.Values{}
	for _, kv := range [][2]string{{"q", f.Q}, {"kind", f.Kind}, {"status", f.Status}, {"official", f.Official}, {"year", f.Year}} {
		if kv[1] != "" {
			v.Set(kv[0], kv[1])
		}
	}
	if f.All {
		v.Set("which", "all")
	}
	return v
}

type officialListView struct {
	Form      officialListForm
	Errors    form.Errors
	Page      OfficialPage
	Names     map[int64]Contact
	Officials []int64
	Years     []int
	First     string
	Next      string
	Now       time.Time
}

// readOfficialList reads the library's filters.
func readOfficialList(r *http.Request) (officialListForm, OfficialQuery, *form.Values) {
	q := form.FromURL(r).Messages("press.texts")
	in := officialListForm{Q: q.Text("q", false, MaxSearch), All: q.Raw("which") == "all"}
	oq := OfficialQuery{Q: in.Q, Open: !in.All}
	oq.Kind = form.Enum(q, "kind", false, OfficialKinds)
	oq.Status = form.Enum(q, "status", false, OfficialStatuses)
	oq.OfficialID = q.ID("official", false)
	if q.Raw("year") != "" {
		oq.Year = q.Int("year", false, 1990, 2200)
	}
	in.Kind, in.Status, in.Official, in.Year = q.Raw("kind"), q.Raw("status"), q.Raw("official"), q.Raw("year")
	if on, err := time.Parse(time.DateOnly, q.Raw("after")); err == nil {
		if id, err := strconv.ParseInt(q.Raw("after_id"), 10, 64); err == nil && id > 0 {
			oq.After = &OfficialCursor{On: on, ID: id}
		}
	}
	return in, oq, q
}

func (h *Handler) officialTexts(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	in, oq, q := readOfficialList(r)
	v := officialListView{Form: in, Errors: q.Errors, Now: h.now()}
	var err error
	if v.Officials, v.Years, err = h.store.OfficialFilters(ctx); err != nil {
		web.Error(w, r, err)
		return
	}
	if !q.Errors.Any() {
		if v.Page, err = h.store.OfficialTexts(ctx, oq); err != nil {
			web.Error(w, r, err)
			return
		}
	}
	ids := append([]int64{}, v.Officials...)
	for _, t := range v.Page.Rows {
		for _, p := range []*int64{t.OfficialID, t.RequestedByID} {
			if p != nil && !containsID(ids, *p) {
				ids = append(ids, *p)
			}
		}
	}
	if v.Names, err = h.store.Contacts(ctx, ids); err != nil {
		web.Error(w, r, err)
		return
	}
	if q.Errors.Any() {
		web.Render(w, r, http.StatusUnprocessableEntity, officialListPage(v))
		return
	}
	if oq.After != nil {
		v.First = "/press/texts?" + in.values().Encode()
	}
	if v.Page.Next != nil {
		nv := in.values()
		nv.Set("after", v.Page.Next.On.Format(time.DateOnly))
		nv.Set("after_id", strconv.FormatInt(v.Page.Next.ID, 10))
		v.Next = "/press/texts?" + nv.Encode()
	}
	web.Render(w, r, http.StatusOK, officialListPage(v))
}

// officialForm is the text's form as typed.
type officialForm struct {
	Kind, Occasion, NeededOn, Lang, Author, Notes, Body string
	RequestedBy, Official                               contacts.LookupValue
	BasedOn                                             int64
	Version                                             int
	Idem                                                string
}

type officialFormView struct {
	ID     int64
	T      OfficialText // the text as stored, for a saved one
	Form   officialForm
	Errors form.Errors
	People []Person
	Base   *OfficialText // the earlier text this one starts from
	// Started are the texts already begun from Base (a second start is
	// most likely a duplicate).
	Started []OfficialText
}

func (v officialFormView) action() string {
	if v.ID == 0 {
		return "/press/texts"
	}
	return officialURL(v.ID) + "/edit"
}

func (h *Handler) renderOfficialForm(w http.ResponseWriter, r *http.Request, status int, v officialFormView) {
	var err error
	if v.People, err = h.store.DepartmentPeople(r.Context()); err != nil {
		web.Error(w, r, err)
		return
	}
	if v.Base == nil && v.Form.BasedOn != 0 {
		if b, err := h.store.OfficialText(r.Context(), v.Form.BasedOn); err == nil {
			v.Base = &b
		}
	}
	if v.Base != nil && v.ID == 0 {
		if v.Started, err = h.store.StartedFrom(r.Context(), v.Base.ID); err != nil {
			web.Error(w, r, err)
			return
		}
	}
	web.Render(w, r, status, officialFormPage(v))
}

// lookupOf is the lookup field's value for contact id, named as in names.
func lookupOf(names map[int64]Contact, id *int64) contacts.LookupValue {
	if id == nil {
		return contacts.LookupValue{}
	}
	return contacts.LookupValue{ID: *id, Label: names[*id].Name}
}

// newOfficialPage is the empty form, or with ?from= the form started from
// an earlier text: its kind, occasion, people, language and words, and the
// same day a year on when that is still to come.
func (h *Handler) newOfficialPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f := officialForm{Kind: string(OfficialGreeting), Lang: string(Latvian), Idem: web.FormKey()}
	if u := currentUser(r); u != 0 {
		f.Author = strconv.FormatInt(u, 10)
	}
	v := officialFormView{}
	if from, err := strconv.ParseInt(form.URLValues(r).Get("from"), 10, 64); err == nil {
		base, err := h.store.OfficialText(ctx, from)
		if err != nil {
			web.Error(w, r, err)
			return
		}
		names, err := h.store.Contacts(ctx, presentIDs(base.RequestedByID, base.OfficialID))
		if err != nil {
			web.Error(w, r, err)
			return
		}
		f.Kind, f.Occasion, f.Lang, f.Body, f.BasedOn = string(base.Kind), base.Occasion, string(base.Lang), base.Body, base.ID
		f.RequestedBy, f.Official = lookupOf(names, base.RequestedByID), lookupOf(names, base.OfficialID)
		if next := base.NeededOn.AddDate(1, 0, 0); !next.Before(calendar.DateOf(h.now())) {
			f.NeededOn = i18n.Date(next)
		}
		v.Base = &base
	}
	v.Form = f
	h.renderOfficialForm(w, r, http.StatusOK, v)
}

func presentIDs(ps ...*int64) []int64 {
	var out []int64
	for _, p := range ps {
		if p != nil {
			out = append(out, *p)
		}
	}
	return out
}

func (h *Handler) pathOfficial(r *http.Request) (OfficialText, error) {
	id, err := web.PathID(r, "id")
	if err != nil {
		return OfficialText{}, err
	}
	return h.store.OfficialText(r.Context(), id)
}

func (h *Handler) editOfficialPage(w http.ResponseWriter, r *http.Request) {
	t, err := h.pathOfficial(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	names, err := h.store.Contacts(r.Context(), presentIDs(t.RequestedByID, t.OfficialID))
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f := officialForm{Kind: string(t.Kind), Occasion: t.Occasion, NeededOn: i18n.Date(t.NeededOn), Lang: string(t.Lang),
		Notes: t.Notes, Body: t.Body, RequestedBy: lookupOf(names, t.RequestedByID), Official: lookupOf(names, t.OfficialID),
		Version: t.Version}
	if t.BasedOnID != nil {
		f.BasedOn = *t.BasedOnID
	}
	if t.AuthorID != nil {
		f.Author = strconv.FormatInt(*t.AuthorID, 10)
	}
	h.renderOfficialForm(w, r, http.StatusOK, officialFormView{ID: t.ID, T: t, Form: f})
}

// readOfficial checks the form; each refusal is beside its field.
func (h *Handler) readOfficial(ctx context.Context, f *form.Values, people []Person) (officialForm, OfficialInput, error) {
	in := officialForm{
		Kind:        string(form.Enum(f, "kind", true, OfficialKinds)),
		Occasion:    f.Text("occasion", true, MaxOccasion),
		NeededOn:    f.Raw("needed_on"),
		Lang:        string(form.Enum(f, "lang", true, Langs)),
		Author:      f.Raw("author_id"),
		Notes:       f.Text("notes", false, MaxOfficialNote),
		Body:        f.Text("body", false, MaxOfficialBody),
		RequestedBy: contacts.ReadLookup(f, "requested_by_id"),
		Official:    contacts.ReadLookup(f, "official_id"),
		Version:     f.Version(),
		Idem:        f.Raw("idem"),
	}
	in.BasedOn = f.ID("based_on_id", false)
	o := OfficialInput{Kind: OfficialKind(in.Kind), Occasion: in.Occasion, Lang: Lang(in.Lang), Notes: in.Notes,
		Body: strings.TrimSpace(in.Body), NeededOn: f.Date("needed_on", true)}
	if in.BasedOn != 0 {
		o.BasedOnID = &in.BasedOn
	}
	if id := f.ID("author_id", false); id != 0 {
		known := false
		for _, p := range people {
			known = known || p.ID == id
		}
		if !known {
			f.Invalid("author_id")
		} else {
			o.AuthorID = &id
		}
	}
	for _, c := range []struct {
		v    *contacts.LookupValue
		name string
		kind contacts.Kind
		id   **int64
	}{{&in.RequestedBy, "requested_by_id", "", &o.RequestedByID}, {&in.Official, "official_id", contacts.Person, &o.OfficialID}} {
		if h.contacts != nil {
			if err := h.contacts.Resolve(ctx, f, c.v, c.name, c.kind); err != nil {
				return in, o, err
			}
		}
		if id := c.v.ID; id != 0 {
			*c.id = &id
		}
	}
	return in, o, nil
}

func (h *Handler) createOfficial(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("press.text")
	people, err := h.store.DepartmentPeople(ctx)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	in, o, err := h.readOfficial(ctx, f, people)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	key := web.Once{Key: in.Idem, ByKey: h.store.OfficialTextByKey, URL: officialURL, Saved: "press.text.saved", Already: "press.text.already_saved"}
	if web.MadeBefore(w, r, h.sessions, key) {
		return
	}
	status, done := web.CreateOnce(w, r, h.sessions, f, key, func() (int64, error) { return h.store.CreateOfficialText(ctx, o, in.Idem) })
	if done {
		return
	}
	h.renderOfficialForm(w, r, status, officialFormView{Form: in, Errors: f.Errors})
}

func (h *Handler) updateOfficial(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	old, err := h.pathOfficial(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("press.text")
	people, err := h.store.DepartmentPeople(ctx)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	in, o, err := h.readOfficial(ctx, f, people)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	o.BasedOnID = old.BasedOnID
	status, done := web.SaveEdit(w, r, h.sessions, f, officialURL(old.ID), "press.text.saved", func() error { return h.store.SaveOfficialText(ctx, old.ID, in.Version, o) })
	if done {
		return
	}
	h.renderOfficialForm(w, r, status, officialFormView{ID: old.ID, T: old, Form: in, Errors: f.Errors})
}

type officialCardView struct {
	T        OfficialText
	Base     *OfficialText // the text it started from
	Names    map[int64]Contact
	Versions []Version
	Reviews  []Review
	Earlier  []OfficialText
	Timeline []TimelineLine
	Comment  string
	Errors   form.Errors
	Now      time.Time
}

func (h *Handler) officialCard(w http.ResponseWriter, r *http.Request) {
	t, err := h.pathOfficial(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	h.renderOfficialCard(w, r, http.StatusOK, officialCardView{T: t})
}

func (h *Handler) renderOfficialCard(w http.ResponseWriter, r *http.Request, status int, v officialCardView) {
	ctx := r.Context()
	v.Now = h.now()
	var err error
	if v.Versions, err = h.store.OfficialVersions(ctx, v.T.ID); err == nil {
		if v.Reviews, err = h.store.OfficialReviews(ctx, v.T.ID); err == nil {
			if v.Earlier, err = h.store.EarlierTexts(ctx, v.T); err == nil {
				v.Timeline, err = h.store.OfficialTimeline(ctx, v.T.ID)
			}
		}
	}
	if err != nil {
		web.Error(w, r, err)
		return
	}
	if v.T.BasedOnID != nil {
		b, err := h.store.OfficialText(ctx, *v.T.BasedOnID)
		if err != nil {
			web.Error(w, r, err)
			return
		}
		v.Base = &b
	}
	ids := presentIDs(v.T.RequestedByID, v.T.OfficialID)
	for _, e := range v.Earlier {
		ids = append(ids, presentIDs(e.OfficialID)...)
	}
	if v.Names, err = h.store.Contacts(ctx, ids); err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, status, officialCardPage(v))
}

// officialStepHandler posts one step of the approval, as the card drew
// the text.
func (h *Handler) officialStepHandler(step func(ctx context.Context, id int64, version int) error, done string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
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
			web.RedirectWithFlash(w, r, h.sessions, officialURL(id), i18n.T(ctx, done))
		case errors.Is(err, errs.Conflict):
			web.RedirectWithFlash(w, r, h.sessions, officialURL(id), i18n.T(ctx, "press.text.stale"))
		default:
			web.Error(w, r, err)
		}
	}
}

func (h *Handler) submitOfficial(w http.ResponseWriter, r *http.Request) {
	h.officialStepHandler(h.store.SubmitOfficial, "press.text.submitted")(w, r)
}

func (h *Handler) deliverOfficial(w http.ResponseWriter, r *http.Request) {
	h.officialStepHandler(h.store.DeliverOfficial, "press.text.delivered")(w, r)
}

func (h *Handler) approveOfficial(w http.ResponseWriter, r *http.Request) {
	h.decideOfficial(w, r, DecisionApproved)
}

func (h *Handler) returnOfficial(w http.ResponseWriter, r *http.Request) {
	h.decideOfficial(w, r, DecisionReturned)
}

// decideOfficial is the head's approval or return of the draft the card
// showed.
func (h *Handler) decideOfficial(w http.ResponseWriter, r *http.Request, d Decision) {
	ctx := r.Context()
	t, err := h.pathOfficial(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("press.text")
	comment := f.Text("comment", d == DecisionReturned, MaxComment)
	no := f.Int("version_no", true, 1, 1<<30)
	status := http.StatusUnprocessableEntity
	if !f.Errors.Any() {
		if d == DecisionApproved {
			err = h.store.ApproveOfficial(ctx, t.ID, f.Version(), no, comment)
		} else {
			err = h.store.ReturnOfficial(ctx, t.ID, f.Version(), no, comment)
		}
		if err == nil {
			key := "press.text.approved"
			if d == DecisionReturned {
				key = "press.text.returned"
			}
			web.RedirectWithFlash(w, r, h.sessions, officialURL(t.ID), i18n.T(ctx, key))
			return
		}
		var ok bool
		if status, ok = f.Refused(err); !ok {
			web.Error(w, r, err)
			return
		}
	}
	if t, err = h.store.OfficialText(ctx, t.ID); err != nil {
		web.Error(w, r, err)
		return
	}
	h.renderOfficialCard(w, r, status, officialCardView{T: t, Comment: comment, Errors: f.Errors})
}

// officialVersionView is one draft as it was saved.
type officialVersionView struct {
	T    OfficialText
	No   int
	Body string
}

func (h *Handler) officialVersion(w http.ResponseWriter, r *http.Request) {
	t, err := h.pathOfficial(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	no, err := web.PathID(r, "no")
	if err != nil || no > int64(t.CurrentVersion) {
		web.Error(w, r, errs.NotFound)
		return
	}
	body, err := h.store.OfficialVersionBody(r.Context(), t.ID, int(no))
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, officialVersionPage(officialVersionView{T: t, No: int(no), Body: body}))
}

// officialCompareView is two drafts side by side.
type officialCompareView struct {
	T        OfficialText
	A, B     int
	Versions []Version
	Field    fieldDiff
	Errors   form.Errors
}

func (h *Handler) officialCompare(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	t, err := h.pathOfficial(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	if t.CurrentVersion == 0 {
		web.Error(w, r, errs.NotFound)
		return
	}
	v := officialCompareView{T: t, B: t.CurrentVersion, A: max(t.CurrentVersion-1, 1)}
	if t.ApprovedVersion != nil && *t.ApprovedVersion < t.CurrentVersion {
		v.A = *t.ApprovedVersion
	}
	q := form.FromURL(r).Messages("press.compare")
	if q.Raw("a") != "" || q.Raw("b") != "" {
		v.A = q.Int("a", true, 1, t.CurrentVersion)
		v.B = q.Int("b", true, 1, t.CurrentVersion)
	}
	if v.Versions, err = h.store.OfficialVersions(ctx, t.ID); err != nil {
		web.Error(w, r, err)
		return
	}
	if q.Errors.Any() {
		v.Errors = q.Errors
		web.Render(w, r, http.StatusUnprocessableEntity, officialComparePage(v))
		return
	}
	a, err := h.store.OfficialVersionBody(ctx, t.ID, v.A)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	b, err := h.store.OfficialVersionBody(ctx, t.ID, v.B)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v.Field = fieldDiff{ID: "field-1", Label: i18n.T(ctx, "press.text.body"), Lang: t.Lang, Pieces: Diff(a, b), Changed: Changed(a, b)}
	web.Render(w, r, http.StatusOK, officialComparePage(v))
}

func (h *Handler) exportOfficialCSV(w http.ResponseWriter, r *http.Request) {
	h.exportOfficial(w, r, "csv")
}

func (h *Handler) exportOfficialXLSX(w http.ResponseWriter, r *http.Request) {
	h.exportOfficial(w, r, "xlsx")
}

// exportOfficial writes the texts of the library's filters as a CSV or a
// spreadsheet; the store writes the audit entry.
func (h *Handler) exportOfficial(w http.ResponseWriter, r *http.Request, format string) {
	ctx := r.Context()
	_, oq, q := readOfficialList(r)
	if q.Errors.Any() {
		h.officialTexts(w, r)
		return
	}
	rows, err := h.store.ExportOfficialTexts(ctx, oq, format)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	var ids []int64
	for _, t := range rows {
		ids = append(ids, presentIDs(t.OfficialID, t.RequestedByID)...)
	}
	names, err := h.store.Contacts(ctx, ids)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	var header []string
	for _, k := range []string{"press.list.col_number", "press.text.kind_label", "press.text.occasion", "press.text.needed_on",
		"press.text.official", "press.text.requested_by", "press.list.col_status", "press.list.col_version", "press.list.col_author"} {
		header = append(header, i18n.T(ctx, k))
	}
	cells := make([][]any, len(rows))
	for n, t := range rows {
		cells[n] = []any{t.ID, officialKindName(ctx, t.Kind), t.Occasion, export.Day(t.NeededOn), nameOf(names, t.OfficialID),
			nameOf(names, t.RequestedByID), officialStatusName(ctx, t.Status), t.CurrentVersion, t.AuthorName}
	}
	table := export.Table{Name: "oficialie-teksti-" + h.now().In(i18n.Riga).Format("2006-01-02"), Sheet: i18n.T(ctx, "press.texts.title"),
		Title: i18n.T(ctx, "press.texts.title"), Now: h.now(), Header: header}
	if err := table.Write(w, format, cells); err != nil {
		slog.DebugContext(ctx, "press official texts export", "format", format, "err", err)
	}
}
