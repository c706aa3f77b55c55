package visitors

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
	"github.com/daugavpils/prdesk/templates/components"
)

// The officials who receive residents: their list, the form that adds or
// edits one, and one official's page with their reception hours (which
// rules.go, extras.go and cancellations.go keep) and calendar feed.

func officialURL(id int64) string { return "/visitors/officials/" + strconv.FormatInt(id, 10) }

// pathOfficial reads the official of the path's {id}, active or not.
func (h *Handler) pathOfficial(r *http.Request) (Official, error) {
	id, err := web.PathID(r, "id")
	if err != nil {
		return Official{}, err
	}
	return h.store.AnyOfficial(r.Context(), id)
}

type officialsView struct {
	Officials []Official
}

func (h *Handler) officialsPage(w http.ResponseWriter, r *http.Request) {
	os, err := h.store.AllOfficials(r.Context())
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, officialsPage(officialsView{Officials: os}))
}

type officialForm struct {
	Name, Position, Kind, UserID, TargetWeeks string
	Contact                                   contacts.LookupValue
	Active                                    bool
	Version                                   int
}

type officialFormView struct {
	ID       int64 // 0 for a new official
	Form     officialForm
	Accounts []Account
	Errors   form.Errors
}

func (h *Handler) renderOfficialForm(w http.ResponseWriter, r *http.Request, status int, v officialFormView) {
	var err error
	if v.Accounts, err = h.store.Accounts(r.Context()); err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, status, officialFormPage(v))
}

func (h *Handler) newOfficialPage(w http.ResponseWriter, r *http.Request) {
	h.renderOfficialForm(w, r, http.StatusOK, officialFormView{Form: officialForm{Kind: string(Deputy), Active: true, TargetWeeks: "8"}})
}

func (h *Handler) editOfficialPage(w http.ResponseWriter, r *http.Request) {
	o, err := h.pathOfficial(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f := officialForm{Name: o.Name, Position: o.Position, Kind: string(o.Kind), Active: o.Active, Version: o.Version}
	if f.Contact, err = h.contactOf(r.Context(), o); err != nil {
		web.Error(w, r, err)
		return
	}
	if o.UserID != nil {
		f.UserID = strconv.FormatInt(*o.UserID, 10)
	}
	if o.TargetWeeks != nil {
		f.TargetWeeks = strconv.Itoa(*o.TargetWeeks)
	}
	h.renderOfficialForm(w, r, http.StatusOK, officialFormView{ID: o.ID, Form: f})
}

// readOfficial checks the official's form; the database's checks are
// repeated here so that each refusal has its message beside the field.
func readOfficial(f *form.Values) (officialForm, Official) {
	in := officialForm{
		Name:     f.Text("name", true, 200),
		Position: f.Text("position", false, 200),
		Kind:     string(form.Enum(f, "kind", true, Kinds)),
		UserID:   f.Text("user_id", false, 20),
		Contact:  contacts.ReadLookup(f, "contact_id"),
		Active:   f.Bool("active"),
		Version:  f.Version(),
	}
	in.TargetWeeks = f.Text("target_weeks", false, 3)
	o := Official{Name: in.Name, Position: in.Position, Kind: Kind(in.Kind), Active: in.Active, Version: in.Version}
	if id := f.ID("user_id", false); id != 0 {
		o.UserID = &id
	}
	if id := in.Contact.ID; id != 0 {
		o.ContactID = &id
	}
	if in.TargetWeeks != "" && f.Errors.Get("target_weeks") == "" {
		n, err := strconv.Atoi(in.TargetWeeks)
		switch {
		case err != nil || n < 1 || n > 52:
			f.Add("target_weeks", "visitors.hours.err_target_range")
		case o.Kind != Deputy:
			f.Add("target_weeks", "visitors.hours.err_target_deputy_only")
		default:
			o.TargetWeeks = &n
		}
	}
	return in, o
}

func (h *Handler) createOfficial(w http.ResponseWriter, r *http.Request) {
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("visitors.official_form")
	in, o := readOfficial(f)
	if err := h.resolveContact(r.Context(), f, &in, &o); err != nil {
		web.Error(w, r, err)
		return
	}
	status := http.StatusUnprocessableEntity
	if !f.Errors.Any() {
		id, err := h.store.CreateOfficial(r.Context(), o)
		if err == nil {
			web.RedirectWithFlash(w, r, h.sessions, officialURL(id), i18n.T(r.Context(), "visitors.hours.official_saved", o.Name))
			return
		}
		var ok bool
		if status, ok = f.Refused(err); !ok {
			web.Error(w, r, err)
			return
		}
	}
	h.renderOfficialForm(w, r, status, officialFormView{Form: in, Errors: f.Errors})
}

func (h *Handler) updateOfficial(w http.ResponseWriter, r *http.Request) {
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
	f.Messages("visitors.official_form")
	in, o := readOfficial(f)
	if err := h.resolveContact(r.Context(), f, &in, &o); err != nil {
		web.Error(w, r, err)
		return
	}
	o.ID = old.ID
	status := http.StatusUnprocessableEntity
	if !f.Errors.Any() {
		err := h.store.UpdateOfficial(r.Context(), o)
		if err == nil {
			web.RedirectWithFlash(w, r, h.sessions, officialURL(o.ID), i18n.T(r.Context(), "visitors.hours.official_saved", o.Name))
			return
		}
		var ok bool
		if status, ok = f.Refused(err); !ok {
			web.Error(w, r, err)
			return
		}
	}
	h.renderOfficialForm(w, r, status, officialFormView{ID: o.ID, Form: in, Errors: f.Errors})
}

// resolveContact makes the contact's lookup a person picked in the
// directory (or the matches to choose from, beside the field).
func (h *Handler) resolveContact(ctx context.Context, f *form.Values, in *officialForm, o *Official) error {
	if h.contacts == nil || f.Errors.Get("contact_id") != "" {
		return nil
	}
	if err := h.contacts.Resolve(ctx, f, &in.Contact, "contact_id", contacts.Person); err != nil {
		return err
	}
	o.ContactID = nil
	if id := in.Contact.ID; id != 0 {
		o.ContactID = &id
	}
	return nil
}

// contactOf is the official's person in the directory, as the lookup
// field and the official's page show it.
func (h *Handler) contactOf(ctx context.Context, o Official) (contacts.LookupValue, error) {
	if o.ContactID == nil {
		return contacts.LookupValue{}, nil
	}
	v := contacts.LookupValue{ID: *o.ContactID, Label: "#" + strconv.FormatInt(*o.ContactID, 10)}
	if h.contacts == nil {
		return v, nil
	}
	bs, err := h.contacts.Briefs(ctx, []int64{*o.ContactID})
	if err == nil && len(bs) == 1 {
		v.Label = bs[0].Name
	}
	return v, err
}

type officialView struct {
	Contact       contacts.LookupValue // the official's person in the directory, if linked
	Official      Official
	Rules         []RuleRecord
	Extras        []ExtraRecord
	Cancellations []CancellationRecord
	Sessions      []Session // the next few, as the clerk will see them
	FeedURL       string    // set only right after the feed's address was made
	HasFeed       bool
	Waiting       int
	Today         time.Time
}

// UpcomingShown is how many coming sessions an official's page lists.
const UpcomingShown = 8

func (h *Handler) officialPage(w http.ResponseWriter, r *http.Request) {
	o, err := h.pathOfficial(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	h.renderOfficial(w, r, o, "")
}

func (h *Handler) renderOfficial(w http.ResponseWriter, r *http.Request, o Official, feedURL string) {
	ctx := r.Context()
	today := calendar.DateOf(h.now())
	v := officialView{Official: o, FeedURL: feedURL, Today: today}
	var err error
	if v.Contact, err = h.contactOf(ctx, o); err != nil {
		web.Error(w, r, err)
		return
	}
	if v.Rules, err = h.store.Rules(ctx, o.ID); err != nil {
		web.Error(w, r, err)
		return
	}
	if v.Extras, err = h.store.Extras(ctx, o.ID, today); err != nil {
		web.Error(w, r, err)
		return
	}
	if v.Cancellations, err = h.store.Cancellations(ctx, o.ID, today); err != nil {
		web.Error(w, r, err)
		return
	}
	if v.HasFeed, err = h.store.HasFeed(ctx, o.ID); err != nil {
		web.Error(w, r, err)
		return
	}
	if v.Waiting, err = h.store.WaitingCount(ctx, o.ID); err != nil {
		web.Error(w, r, err)
		return
	}
	if o.Active {
		sessions, err := h.store.Sessions(ctx, o.ID, today, today.AddDate(0, 3, 0))
		if err != nil {
			web.Error(w, r, err)
			return
		}
		v.Sessions = sessions[:min(len(sessions), UpcomingShown)]
	}
	web.Render(w, r, http.StatusOK, officialPage(v))
}

func (h *Handler) regenerateFeed(w http.ResponseWriter, r *http.Request) {
	o, err := h.pathOfficial(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	tok, err := h.store.NewFeedToken(r.Context(), o.ID)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	// Shown on this answer only: the address is not stored.
	h.renderOfficial(w, r, o, feedURL(r, tok))
}

func targetText(ctx context.Context, o Official) string {
	if o.TargetWeeks == nil {
		return "—"
	}
	return i18n.T(ctx, "visitors.hours.target_every", *o.TargetWeeks)
}

func officialFormTitle(ctx context.Context, v officialFormView) string {
	if v.ID == 0 {
		return i18n.T(ctx, "visitors.hours.add_official")
	}
	return i18n.T(ctx, "visitors.hours.edit_official")
}

func officialFormAction(v officialFormView) string {
	if v.ID == 0 {
		return "/visitors/officials"
	}
	return officialURL(v.ID) + "/edit"
}

func accountOptions(ctx context.Context, as []Account, selected string) []components.Option {
	out := []components.Option{{Value: "", Label: i18n.T(ctx, "visitors.hours.no_account")}}
	for _, a := range as {
		id := strconv.FormatInt(a.ID, 10)
		out = append(out, components.Option{Value: id, Label: a.FullName + " (" + a.Username + ")", Selected: id == selected})
	}
	return out
}
