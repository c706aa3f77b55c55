package delegations

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/ical"
	"github.com/daugavpils/prdesk/internal/web"
)

// itemForm is a programme item's form as typed.
type itemForm struct {
	Date, Start, End, Place, Activity, ActivityEn, Responsible, Transport string
	People                                                                []string
	Version                                                               int
}

// Day is one day of a programme.
type Day struct {
	Date  time.Time
	Items []Item
}

// Days groups items (in order of time) by their date in Riga.
func Days(items []Item) []Day {
	var out []Day
	for _, it := range items {
		d := it.StartsAt.In(i18n.Riga)
		date := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
		if len(out) == 0 || !out[len(out)-1].Date.Equal(date) {
			out = append(out, Day{Date: date})
		}
		out[len(out)-1].Items = append(out[len(out)-1].Items, it)
	}
	return out
}

type programmeView struct {
	D        Delegation
	Days     []Day
	People   []Participant
	Staff    []Person
	Clashes  map[int64][]Clash
	Others   map[int64]OtherItem
	Names    map[int64]string // our people's names by account
	Form     itemForm
	Errors   form.Errors
	EditItem int64 // the item the form edits; 0 adds
	// Pending are the clashes the item in the form would have: it is not
	// saved until the person confirms them.
	Pending []Clash
}

func (h *Handler) programme(w http.ResponseWriter, r *http.Request) {
	d, err := h.pathDelegation(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	h.renderProgramme(w, r, http.StatusOK, programmeView{D: d, Form: itemForm{Date: dateValue(d.StartsOn)}})
}

func (h *Handler) renderProgramme(w http.ResponseWriter, r *http.Request, status int, v programmeView) {
	ctx := r.Context()
	items, err := h.store.Programme(ctx, v.D.ID)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v.Days = Days(items)
	if v.People, err = h.store.People(ctx, v.D.ID); err != nil {
		web.Error(w, r, err)
		return
	}
	if v.Staff, err = h.store.Staff(ctx); err != nil {
		web.Error(w, r, err)
		return
	}
	clashes, err := h.store.ProgrammeClashes(ctx, items)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v.Clashes = map[int64][]Clash{}
	var others []int64
	for _, c := range clashes {
		v.Clashes[c.ItemID] = append(v.Clashes[c.ItemID], c)
		if c.Kind == ClashItem {
			others = append(others, c.OtherID)
		}
	}
	for _, c := range v.Pending {
		if c.Kind == ClashItem {
			others = append(others, c.OtherID)
		}
	}
	if v.Others, err = h.store.OtherItems(ctx, others); err != nil {
		web.Error(w, r, err)
		return
	}
	v.Names = map[int64]string{}
	for _, p := range v.People {
		if p.UserID != nil {
			v.Names[*p.UserID] = p.Name
		}
	}
	web.Render(w, r, status, programmePage(v))
}

// readItem checks an item's form.
func readItem(f *form.Values) (itemForm, Item) {
	in := itemForm{
		Date:        strings.TrimSpace(f.Raw("date")),
		Start:       strings.TrimSpace(f.Raw("start")),
		End:         strings.TrimSpace(f.Raw("end")),
		Place:       f.Text("place", true, 200),
		Activity:    f.Text("activity", true, 500),
		ActivityEn:  f.Text("activity_en", false, 500),
		Responsible: strings.TrimSpace(f.Raw("responsible_id")),
		Transport:   f.Text("transport", false, 500),
		People:      f.Raws("people"),
		Version:     f.Version(),
	}
	it := Item{Place: in.Place, Activity: in.Activity, ActivityEn: in.ActivityEn, Transport: in.Transport, Version: in.Version}
	it.StartsAt = f.Moment("date", "start", true)
	if f.Errors.Get("date") == "" {
		it.EndsAt = f.Moment("date", "end", true)
	}
	// An item that runs past midnight ends on the next day.
	if !it.StartsAt.IsZero() && !it.EndsAt.IsZero() && !it.EndsAt.After(it.StartsAt) && in.End < in.Start && in.End != "" {
		it.EndsAt = it.EndsAt.AddDate(0, 0, 1)
	}
	if id := f.ID("responsible_id", false); id != 0 {
		it.ResponsibleID = &id
	}
	it.PersonIDs = f.IDs("people")
	for _, p := range it.Check() {
		if f.Errors.Get(p[0]) == "" {
			f.Add(p[0], p[1])
		}
	}
	return in, it
}

func (h *Handler) addItem(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	d, err := h.pathDelegation(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("delegations.programme")
	in, it := readItem(f)
	it.DelegationID = d.ID
	pending, err := h.unconfirmedClashes(ctx, f, it)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	status := http.StatusUnprocessableEntity
	if !f.Errors.Any() && len(pending) == 0 {
		_, err := h.store.AddItem(ctx, it)
		if err == nil {
			web.RedirectWithFlash(w, r, h.sessions, programmeURL(d.ID), i18n.T(ctx, "delegations.programme.added"))
			return
		}
		var ok bool
		if status, ok = f.Refused(err); !ok {
			web.Error(w, r, err)
			return
		}
	}
	h.renderProgramme(w, r, status, programmeView{D: d, Form: in, Errors: f.Errors, Pending: pending})
}

// unconfirmedClashes are the clashes of an item whose form is otherwise
// right, unless the person has ticked that they save it anyway: an
// official may well be meant to leave one item for another, but it should
// be a decision, not a slip.
func (h *Handler) unconfirmedClashes(ctx context.Context, f *form.Values, it Item) ([]Clash, error) {
	if f.Errors.Any() || f.Bool("confirm_clashes") {
		return nil, nil
	}
	return h.store.ClashesOf(ctx, it)
}

func (h *Handler) pathItem(r *http.Request) (Delegation, Item, error) {
	id, err := web.PathID(r, "id")
	if err != nil {
		return Delegation{}, Item{}, err
	}
	it, err := h.store.ProgrammeItem(r.Context(), id)
	if err != nil {
		return Delegation{}, Item{}, err
	}
	d, err := h.store.Delegation(r.Context(), it.DelegationID)
	return d, it, err
}

func itemFormOf(it Item) itemForm {
	s, e := it.StartsAt.In(i18n.Riga), it.EndsAt.In(i18n.Riga)
	f := itemForm{Date: s.Format("02.01.2006."), Start: s.Format("15:04"), End: e.Format("15:04"), Place: it.Place,
		Activity: it.Activity, ActivityEn: it.ActivityEn, Responsible: idValue(it.ResponsibleID), Transport: it.Transport,
		Version: it.Version}
	for _, p := range it.PersonIDs {
		f.People = append(f.People, strconv.FormatInt(p, 10))
	}
	return f
}

func (h *Handler) editItemPage(w http.ResponseWriter, r *http.Request) {
	d, it, err := h.pathItem(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	h.renderProgramme(w, r, http.StatusOK, programmeView{D: d, Form: itemFormOf(it), EditItem: it.ID})
}

func (h *Handler) updateItem(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	d, old, err := h.pathItem(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("delegations.programme")
	in, it := readItem(f)
	it.ID, it.DelegationID = old.ID, old.DelegationID
	pending, err := h.unconfirmedClashes(ctx, f, it)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	// Only clashes the edit brings are asked about: those the item had
	// were confirmed when it was saved and show in the programme.
	if len(pending) > 0 {
		had, err := h.store.ClashesOf(ctx, old)
		if err != nil {
			web.Error(w, r, err)
			return
		}
		pending = slices.DeleteFunc(pending, func(c Clash) bool {
			return slices.ContainsFunc(had, func(o Clash) bool {
				return o.UserID == c.UserID && o.Kind == c.Kind && o.OtherID == c.OtherID && o.Start.Equal(c.Start) && o.End.Equal(c.End)
			})
		})
	}
	if len(pending) > 0 {
		h.renderProgramme(w, r, http.StatusUnprocessableEntity, programmeView{D: d, Form: in, Errors: f.Errors, EditItem: old.ID, Pending: pending})
		return
	}
	status, done := web.SaveEdit(w, r, h.sessions, f, programmeURL(d.ID), "delegations.programme.saved", func() error {
		return h.store.UpdateItem(ctx, it)
	})
	if done {
		return
	}
	h.renderProgramme(w, r, status, programmeView{D: d, Form: in, Errors: f.Errors, EditItem: old.ID})
}

func (h *Handler) deleteItem(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	d, it, err := h.pathItem(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	it.Version = f.Version()
	if err := h.store.DeleteItem(ctx, it); err != nil {
		web.Error(w, r, err)
		return
	}
	web.RedirectWithFlash(w, r, h.sessions, programmeURL(d.ID), i18n.T(ctx, "delegations.programme.deleted"))
}

func programmeURL(id int64) string { return delegationURL(id) + "/programme" }

func itemURL(id int64) string { return "/delegations/programme/" + strconv.FormatInt(id, 10) }

// timeRange is an item's time: "09:00–10:30".
func timeRange(it Item) string {
	return it.StartsAt.In(i18n.Riga).Format("15:04") + "–" + it.EndsAt.In(i18n.Riga).Format("15:04")
}

// peopleText names the item's people.
func peopleText(it Item, people []Participant) string {
	var names []string
	for _, p := range people {
		if slices.Contains(it.PersonIDs, p.ID) {
			names = append(names, p.Name)
		}
	}
	return strings.Join(names, ", ")
}

// clashText says what one clash is, in the viewer's language.
func clashText(ctx context.Context, c Clash, names map[int64]string, others map[int64]OtherItem) string {
	who := names[c.UserID]
	if who == "" {
		who = i18n.T(ctx, "delegations.programme.someone")
	}
	when := c.Start.In(i18n.Riga).Format("02.01. 15:04") + "–" + c.End.In(i18n.Riga).Format("15:04")
	if c.Kind == ClashReception {
		return i18n.T(ctx, "delegations.programme.clash_reception", who, when, c.What)
	}
	o := others[c.OtherID]
	what := o.Activity
	if o.Title != "" {
		what = o.Title + ": " + o.Activity
	}
	return i18n.T(ctx, "delegations.programme.clash_item", who, when, what)
}

// programmeCalendar is the programme as an iCalendar file: one event an
// item, in UTC, with its place and its people.
func programmeCalendar(d Delegation, items []Item, people []Participant, now time.Time) string {
	var b strings.Builder
	line := func(s string) { ical.Fold(&b, s) }
	stamp := ical.Time(now)
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:" + ical.ProdID)
	line("CALSCALE:GREGORIAN")
	line("METHOD:PUBLISH")
	line("X-WR-CALNAME:" + ical.Text(d.Title))
	line("X-WR-TIMEZONE:Europe/Riga")
	for _, it := range items {
		line("BEGIN:VEVENT")
		line(fmt.Sprintf("UID:delegation-item-%d@%s", it.ID, ical.Domain))
		line("DTSTAMP:" + stamp)
		line("DTSTART:" + ical.Time(it.StartsAt))
		line("DTEND:" + ical.Time(it.EndsAt))
		line("SUMMARY:" + ical.Text(it.Activity))
		line("LOCATION:" + ical.Text(it.Place))
		desc := d.Title
		if p := peopleText(it, people); p != "" {
			desc += "\n" + p
		}
		if it.Transport != "" {
			desc += "\n" + it.Transport
		}
		line("DESCRIPTION:" + ical.Text(desc))
		line("END:VEVENT")
	}
	line("END:VCALENDAR")
	return b.String()
}

func (h *Handler) programmeICal(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	d, err := h.pathDelegation(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	items, err := h.store.Programme(ctx, d.ID)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	people, err := h.store.People(ctx, d.ID)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="delegacija-%d.ics"`, d.ID))
	_, _ = w.Write([]byte(programmeCalendar(d, items, people, h.now())))
}
