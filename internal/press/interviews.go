package press

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/export"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

// Journalists' interview requests: the list of open ones by deadline, the
// form, the card.

func interviewURL(id int64) string { return "/press/interviews/" + strconv.FormatInt(id, 10) }

type interviewsView struct {
	Closed bool
	Status string
	Rows   []Interview
	Names  map[int64]Contact
	Errors form.Errors
	Now    time.Time
}

// query is the list's filters as a query string, for its exports.
func (v interviewsView) query() string {
	q := url.Values{}
	if v.Closed {
		q.Set("which", "closed")
	}
	if v.Status != "" {
		q.Set("status", v.Status)
	}
	return q.Encode()
}

// readInterviews reads the list's filters.
func readInterviews(r *http.Request) (InterviewQuery, *form.Values) {
	q := form.FromURL(r).Messages("press.interviews")
	iq := InterviewQuery{Closed: q.Raw("which") == "closed"}
	iq.Status = form.Enum(q, "status", false, InterviewStatuses)
	return iq, q
}

func (h *Handler) interviews(w http.ResponseWriter, r *http.Request) {
	iq, q := readInterviews(r)
	v := interviewsView{Closed: iq.Closed, Now: h.now()}
	status := iq.Status
	v.Status = string(status)
	if q.Errors.Any() {
		v.Errors, v.Status = q.Errors, q.Raw("status")
		web.Render(w, r, http.StatusUnprocessableEntity, interviewsPage(v))
		return
	}
	var err error
	if v.Rows, err = h.store.Interviews(r.Context(), iq); err != nil {
		web.Error(w, r, err)
		return
	}
	var ids []int64
	for _, i := range v.Rows {
		for _, p := range []*int64{i.OutletID, i.JournalistID, i.OfficialID} {
			if p != nil && !containsID(ids, *p) {
				ids = append(ids, *p)
			}
		}
	}
	if v.Names, err = h.store.Contacts(r.Context(), ids); err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, interviewsPage(v))
}

// interviewForm is the request's form as typed.
type interviewForm struct {
	Outlet, Journalist, Official                         contacts.LookupValue
	Topic, Questions, DeadlineDate, DeadlineTime, Format string
	Status, DeclineReason, Responsible, TalkingPoints    string
	AgreedDate, AgreedTime, AgreedMinutes, PublishedURL  string
	Version                                              int
	Idem                                                 string
}

type interviewView struct {
	ID     int64
	Form   interviewForm
	Errors form.Errors
	People []Person
}

func (h *Handler) newInterviewPage(w http.ResponseWriter, r *http.Request) {
	f := interviewForm{Format: string(InPerson), Status: string(InterviewNew), Idem: web.FormKey(), AgreedMinutes: "30"}
	if u := currentUser(r); u != 0 {
		f.Responsible = strconv.FormatInt(u, 10)
	}
	h.renderInterview(w, r, http.StatusOK, interviewView{Form: f})
}

func (h *Handler) renderInterview(w http.ResponseWriter, r *http.Request, status int, v interviewView) {
	var err error
	if v.People, err = h.store.DepartmentPeople(r.Context()); err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, status, interviewFormPage(v))
}

func (h *Handler) pathInterview(r *http.Request) (Interview, error) {
	id, err := web.PathID(r, "id")
	if err != nil {
		return Interview{}, err
	}
	return h.store.Interview(r.Context(), id)
}

// momentFields are a moment as a form's date and time fields show it in
// Riga ("" for none): what form.Moment reads back.
func momentFields(t *time.Time) (string, string) {
	if t == nil {
		return "", ""
	}
	l := t.In(i18n.Riga)
	return l.Format("02.01.2006."), l.Format("15:04")
}

func (h *Handler) editInterviewPage(w http.ResponseWriter, r *http.Request) {
	i, err := h.pathInterview(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	names, err := h.store.Contacts(r.Context(), interviewContacts(i))
	if err != nil {
		web.Error(w, r, err)
		return
	}
	picked := func(id *int64) contacts.LookupValue {
		if id == nil {
			return contacts.LookupValue{}
		}
		return contacts.LookupValue{ID: *id, Label: names[*id].Name}
	}
	f := interviewForm{Outlet: picked(i.OutletID), Journalist: picked(i.JournalistID), Official: picked(i.OfficialID),
		Topic: i.Topic, Questions: i.Questions, Format: string(i.Format), Status: string(i.Status), DeclineReason: i.DeclineReason,
		TalkingPoints: i.TalkingPoints, PublishedURL: i.PublishedURL, Version: i.Version, AgreedMinutes: "30"}
	f.DeadlineDate, f.DeadlineTime = momentFields(i.DeadlineAt)
	f.AgreedDate, f.AgreedTime = momentFields(i.AgreedAt)
	if i.AgreedMinutes != nil {
		f.AgreedMinutes = strconv.Itoa(*i.AgreedMinutes)
	}
	if i.ResponsibleID != nil {
		f.Responsible = strconv.FormatInt(*i.ResponsibleID, 10)
	}
	h.renderInterview(w, r, http.StatusOK, interviewView{ID: i.ID, Form: f})
}

func interviewContacts(i Interview) []int64 {
	return presentIDs(i.OutletID, i.JournalistID, i.OfficialID)
}

// readInterview checks the form; the rules are repeated here so that each
// refusal has its message beside its field.
func (h *Handler) readInterview(ctx context.Context, f *form.Values, people []Person) (interviewForm, Interview, error) {
	in := interviewForm{
		Outlet:        contacts.ReadLookup(f, "outlet_id"),
		Journalist:    contacts.ReadLookup(f, "journalist_id"),
		Official:      contacts.ReadLookup(f, "official_id"),
		Topic:         f.Text("topic", true, MaxInterviewTopic),
		Questions:     f.Text("questions", false, MaxQuestions),
		DeadlineDate:  f.Raw("deadline_date"),
		DeadlineTime:  f.Raw("deadline_time"),
		Format:        string(form.Enum(f, "format", true, InterviewFormats)),
		Status:        string(form.Enum(f, "status", true, InterviewStatuses)),
		DeclineReason: f.Text("decline_reason", false, MaxDeclineReason),
		Responsible:   f.Raw("responsible_id"),
		TalkingPoints: f.Text("talking_points", false, MaxTalkingPoints),
		AgreedDate:    f.Raw("agreed_date"),
		AgreedTime:    f.Raw("agreed_time"),
		AgreedMinutes: f.Raw("agreed_minutes"),
		PublishedURL:  f.Text("published_url", false, MaxURL),
		Version:       f.Version(),
		Idem:          f.Raw("idem"),
	}
	i := Interview{Topic: in.Topic, Questions: in.Questions, Format: InterviewFormat(in.Format), Status: InterviewStatus(in.Status),
		DeclineReason: in.DeclineReason, TalkingPoints: in.TalkingPoints, PublishedURL: in.PublishedURL, Version: in.Version,
		IdempotencyKey: in.Idem}
	if at := f.Moment("deadline_date", "deadline_time", false); !at.IsZero() {
		i.DeadlineAt = &at
	}
	if at := f.Moment("agreed_date", "agreed_time", false); !at.IsZero() {
		i.AgreedAt = &at
		m := f.Int("agreed_minutes", true, 5, 480)
		i.AgreedMinutes = &m
	}
	if id := f.ID("responsible_id", false); id != 0 {
		known := false
		for _, p := range people {
			known = known || p.ID == id
		}
		if !known {
			f.Invalid("responsible_id")
		} else {
			i.ResponsibleID = &id
		}
	}
	for _, c := range []struct {
		v    *contacts.LookupValue
		name string
		kind contacts.Kind
		id   **int64
	}{{&in.Outlet, "outlet_id", contacts.Organisation, &i.OutletID}, {&in.Journalist, "journalist_id", contacts.Person, &i.JournalistID},
		{&in.Official, "official_id", contacts.Person, &i.OfficialID}} {
		if h.contacts != nil {
			if err := h.contacts.Resolve(ctx, f, c.v, c.name, c.kind); err != nil {
				return in, i, err
			}
		}
		if id := c.v.ID; id != 0 {
			*c.id = &id
		}
	}
	for _, p := range i.Check() {
		if f.Errors.Get(p[0]) == "" {
			f.Add(p[0], p[1])
		}
	}
	return in, i, nil
}

func (h *Handler) createInterview(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("press.interview")
	people, err := h.store.DepartmentPeople(ctx)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	in, i, err := h.readInterview(ctx, f, people)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	o := web.Once{Key: in.Idem, ByKey: h.store.InterviewByIdempotencyKey, URL: interviewURL, Saved: "press.interview.saved",
		Already: "press.interview.already_saved"}
	if web.MadeBefore(w, r, h.sessions, o) {
		return
	}
	status, done := web.CreateOnce(w, r, h.sessions, f, o, func() (int64, error) { return h.store.CreateInterview(ctx, i) })
	if done {
		return
	}
	web.Render(w, r, status, interviewFormPage(interviewView{Form: in, Errors: f.Errors, People: people}))
}

func (h *Handler) updateInterview(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	old, err := h.pathInterview(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("press.interview")
	people, err := h.store.DepartmentPeople(ctx)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	in, i, err := h.readInterview(ctx, f, people)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	i.ID, i.IdempotencyKey = old.ID, ""
	status, done := web.SaveEdit(w, r, h.sessions, f, interviewURL(i.ID), "press.interview.saved", func() error { return h.store.UpdateInterview(ctx, i) })
	if done {
		return
	}
	web.Render(w, r, status, interviewFormPage(interviewView{ID: old.ID, Form: in, Errors: f.Errors, People: people}))
}

func (v interviewView) action() string {
	if v.ID == 0 {
		return "/press/interviews"
	}
	return interviewURL(v.ID) + "/edit"
}

type interviewCardView struct {
	I        Interview
	Names    map[int64]Contact
	Timeline []TimelineLine
	Now      time.Time
}

func (h *Handler) interviewCard(w http.ResponseWriter, r *http.Request) {
	i, err := h.pathInterview(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v := interviewCardView{I: i, Now: h.now()}
	if v.Names, err = h.store.Contacts(r.Context(), interviewContacts(i)); err != nil {
		web.Error(w, r, err)
		return
	}
	if v.Timeline, err = h.store.InterviewTimeline(r.Context(), i.ID); err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, interviewCardPage(v))
}

func (h *Handler) exportInterviewsCSV(w http.ResponseWriter, r *http.Request) {
	h.exportInterviews(w, r, "csv")
}

func (h *Handler) exportInterviewsXLSX(w http.ResponseWriter, r *http.Request) {
	h.exportInterviews(w, r, "xlsx")
}

// exportInterviews writes the requests of the list's filters as a CSV or a
// spreadsheet; the store writes the audit entry.
func (h *Handler) exportInterviews(w http.ResponseWriter, r *http.Request, format string) {
	ctx := r.Context()
	iq, q := readInterviews(r)
	if q.Errors.Any() {
		h.interviews(w, r)
		return
	}
	rows, err := h.store.ExportInterviews(ctx, iq, format)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	var ids []int64
	for _, i := range rows {
		ids = append(ids, interviewContacts(i)...)
	}
	names, err := h.store.Contacts(ctx, ids)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	var header []string
	for _, k := range []string{"press.list.col_number", "press.interview.topic", "press.list.col_status", "press.interview.deadline",
		"press.interview.outlet", "press.interview.journalist", "press.interview.official", "press.interview.format_label",
		"press.interview.agreed", "press.event.responsible", "press.interview.published_url"} {
		header = append(header, i18n.T(ctx, k))
	}
	cells := make([][]any, len(rows))
	for n, i := range rows {
		moment := func(t *time.Time) any {
			if t == nil {
				return nil
			}
			return *t
		}
		cells[n] = []any{i.ID, i.Topic, interviewStatusName(ctx, i.Status), moment(i.DeadlineAt), nameOf(names, i.OutletID),
			nameOf(names, i.JournalistID), nameOf(names, i.OfficialID), formatName(ctx, i.Format), moment(i.AgreedAt),
			i.ResponsibleName, i.PublishedURL}
	}
	table := export.Table{Name: "intervijas-" + h.now().In(i18n.Riga).Format("2006-01-02"), Sheet: i18n.T(ctx, "press.interviews.title"),
		Title: i18n.T(ctx, "press.interviews.title"), Now: h.now(), Header: header}
	if err := table.Write(w, format, cells); err != nil {
		slog.DebugContext(ctx, "press interviews export", "format", format, "err", err)
	}
}
