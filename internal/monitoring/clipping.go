package monitoring

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

// The quick form a clipping is entered and evaluated with.

// officialFields is how many officials one form names; a clipping that
// mentions more is rare, and its card can be edited again.
const officialFields = 3

// clippingForm is the form as typed.
type clippingForm struct {
	URL, Title, PublishedDate, PublishedTime, Author string
	Outlet, Journalist                               contacts.LookupValue
	MediaType, Language, Reach, Body, Tone, Release  string
	Topics, Units                                    []string
	Officials                                        [officialFields]contacts.LookupValue
	Item                                             string // the inbox item it is accepted from
	Confirm                                          bool   // saved despite the duplicates shown
	Version                                          int
	Idem                                             string
}

// choices are what the form offers to pick from.
type choices struct {
	Topics   []Topic
	Units    []contacts.Brief
	Releases []ReleaseChoice
}

type clippingView struct {
	ID      int64
	Form    clippingForm
	Errors  form.Errors
	Choices choices
	Dups    []Clipping
	Names   map[int64]contacts.Brief
	// Notice says where the form's values came from (an inbox item, a
	// page read).
	Notice string
}

func (v clippingView) action() string {
	if v.ID == 0 {
		return "/monitoring"
	}
	return clippingURL(v.ID) + "/edit"
}

// unitTypes are the organisations a clipping's units are picked from.
var unitTypes = []contacts.OrgType{contacts.Municipality, contacts.MunicipalUnit, contacts.MunicipalCompany, contacts.School}

// loadChoices reads what the form offers; a topic the clipping has keeps
// its place though it was closed since.
func (h *Handler) loadChoices(ctx context.Context, topics []string) (choices, error) {
	var c choices
	all, err := h.store.Topics(ctx)
	if err != nil {
		return c, err
	}
	for _, t := range all {
		if t.Active || slices.Contains(topics, strconv.FormatInt(t.ID, 10)) {
			c.Topics = append(c.Topics, t)
		}
	}
	if h.contacts != nil {
		for _, t := range unitTypes {
			rows, _, err := h.contacts.List(ctx, contacts.ListFilter{Kind: contacts.Organisation, OrgType: t}, nil, 300)
			if err != nil {
				return c, err
			}
			for _, r := range rows {
				c.Units = append(c.Units, contacts.Brief{ID: r.ID, Kind: r.Kind, Name: r.Name, OrgType: r.OrgType})
			}
		}
	}
	c.Releases, err = h.store.RecentReleases(ctx, h.now().AddDate(0, -3, 0))
	return c, err
}

func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, v clippingView) {
	var err error
	if v.Choices, err = h.loadChoices(r.Context(), v.Form.Topics); err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, status, clippingFormPage(v))
}

func (h *Handler) newPage(w http.ResponseWriter, r *http.Request) {
	q := form.FromURL(r)
	f := clippingForm{MediaType: string(Online), Language: string(Latvian), Tone: string(Unjudged), Idem: web.FormKey(),
		URL: q.Text("url", false, MaxURL), Title: q.Text("title", false, MaxTitle)}
	f.PublishedDate = h.now().In(i18n.Riga).Format("02.01.2006.")
	if id := q.ID("release_id", false); id != 0 {
		f.Release = strconv.FormatInt(id, 10)
	}
	if q.Raw("item") != "" {
		h.newFromItem(w, r, q, f)
		return
	}
	h.render(w, r, http.StatusOK, clippingView{Form: f})
}

func (h *Handler) pathClipping(r *http.Request) (Clipping, error) {
	id, err := web.PathID(r, "id")
	if err != nil {
		return Clipping{}, err
	}
	return h.store.Clipping(r.Context(), id)
}

// formOf is a saved clipping as its form shows it.
func (h *Handler) formOf(ctx context.Context, c Clipping) (clippingForm, error) {
	ids := append([]int64{c.OutletID}, c.MentionIDs...)
	if c.JournalistID != nil {
		ids = append(ids, *c.JournalistID)
	}
	names, err := h.store.Names(ctx, ids)
	if err != nil {
		return clippingForm{}, err
	}
	f := clippingForm{URL: c.URL, Title: c.Title, Author: c.Author, MediaType: string(c.MediaType), Language: string(c.Language),
		Body: c.Body, Tone: string(c.Tone), Version: c.Version,
		Outlet: contacts.LookupValue{ID: c.OutletID, Label: names[c.OutletID].Name}}
	l := c.PublishedAt.In(i18n.Riga)
	f.PublishedDate, f.PublishedTime = l.Format("02.01.2006."), l.Format("15:04")
	if c.JournalistID != nil {
		f.Journalist = contacts.LookupValue{ID: *c.JournalistID, Label: names[*c.JournalistID].Name}
	}
	if c.Reach != nil {
		f.Reach = strconv.Itoa(*c.Reach)
	}
	if c.ReleaseID != nil {
		f.Release = strconv.FormatInt(*c.ReleaseID, 10)
	}
	for _, id := range c.TopicIDs {
		f.Topics = append(f.Topics, strconv.FormatInt(id, 10))
	}
	n := 0
	for _, id := range c.MentionIDs {
		b := names[id]
		if b.Kind == contacts.Person {
			if n < officialFields {
				f.Officials[n] = contacts.LookupValue{ID: id, Label: b.Name}
				n++
			}
			continue
		}
		f.Units = append(f.Units, strconv.FormatInt(id, 10))
	}
	return f, nil
}

func (h *Handler) editPage(w http.ResponseWriter, r *http.Request) {
	c, err := h.pathClipping(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := h.formOf(r.Context(), c)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, clippingView{ID: c.ID, Form: f})
}

// read checks the form; the rules are repeated here so that each refusal
// has its message beside its field.
func (h *Handler) read(ctx context.Context, f *form.Values) (clippingForm, Clipping, error) {
	in := clippingForm{
		URL:           f.Text("url", false, MaxURL),
		Title:         f.Text("title", true, MaxTitle),
		PublishedDate: f.Raw("published_date"),
		PublishedTime: f.Raw("published_time"),
		Author:        f.Text("author", false, MaxAuthor),
		Outlet:        contacts.ReadLookup(f, "outlet_id"),
		Journalist:    contacts.ReadLookup(f, "journalist_id"),
		MediaType:     string(form.Enum(f, "media_type", true, MediaTypes)),
		Language:      string(form.Enum(f, "language", true, Languages)),
		Reach:         f.Raw("reach"),
		Body:          f.Text("body", false, MaxBody),
		Tone:          string(form.Enum(f, "tone", true, Tones)),
		Release:       f.Raw("release_id"),
		Topics:        f.Raws("topics"),
		Units:         f.Raws("units"),
		Item:          f.Raw("item_id"),
		Confirm:       f.Bool("confirm"),
		Version:       f.Version(),
		Idem:          f.Raw("idem"),
	}
	c := Clipping{URL: in.URL, Title: in.Title, Author: in.Author, MediaType: MediaType(in.MediaType), Language: Language(in.Language),
		Body: in.Body, Tone: Tone(in.Tone), Version: in.Version, IdempotencyKey: in.Idem}
	if in.URL != "" {
		if clean, err := CleanURL(in.URL); err != nil {
			f.Add("url", "monitoring.clipping.url_invalid")
		} else {
			c.URL = clean
		}
	}
	c.PublishedAt = publishedAt(f)
	if in.Reach != "" {
		n := f.Int("reach", false, 0, MaxReach)
		c.Reach = &n
	}
	if id := f.ID("release_id", false); id != 0 {
		c.ReleaseID = &id
	}
	if id := f.ID("item_id", false); id != 0 {
		c.ItemID = &id
	}
	c.TopicIDs = f.IDs("topics")
	c.MentionIDs = f.IDs("units")
	for i := range in.Officials {
		name := "official_" + strconv.Itoa(i+1)
		in.Officials[i] = contacts.ReadLookup(f, name)
		if h.contacts != nil {
			if err := h.contacts.Resolve(ctx, f, &in.Officials[i], name, contacts.Person); err != nil {
				return in, c, err
			}
		}
		if id := in.Officials[i].ID; id != 0 && !slices.Contains(c.MentionIDs, id) {
			c.MentionIDs = append(c.MentionIDs, id)
		}
	}
	if h.contacts != nil {
		if err := h.contacts.Resolve(ctx, f, &in.Outlet, "outlet_id", contacts.Organisation); err != nil {
			return in, c, err
		}
		if err := h.contacts.Resolve(ctx, f, &in.Journalist, "journalist_id", contacts.Person); err != nil {
			return in, c, err
		}
	}
	c.OutletID = in.Outlet.ID
	if id := in.Journalist.ID; id != 0 {
		c.JournalistID = &id
	}
	slices.Sort(c.TopicIDs)
	c.TopicIDs = slices.Compact(c.TopicIDs)
	slices.Sort(c.MentionIDs)
	c.MentionIDs = slices.Compact(c.MentionIDs)
	for _, p := range c.Check() {
		if f.Errors.Get(p[0]) == "" {
			f.Add(p[0], p[1])
		}
	}
	return in, c, nil
}

func (h *Handler) create(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("monitoring.clipping")
	in, c, err := h.read(ctx, f)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	o := web.Once{Key: in.Idem, ByKey: h.store.ClippingByKey, URL: clippingURL, Saved: "monitoring.clipping.saved",
		Already: "monitoring.clipping.already_saved"}
	if web.MadeBefore(w, r, h.sessions, o) {
		return
	}
	// What may be the same publication is shown before it is saved twice.
	if !f.Errors.Any() && !in.Confirm {
		dups, err := h.store.Duplicates(ctx, c)
		if err != nil {
			web.Error(w, r, err)
			return
		}
		if len(dups) > 0 {
			v := clippingView{Form: in, Errors: f.Errors, Dups: dups}
			if v.Names, err = h.store.Names(ctx, outletIDs(dups)); err != nil {
				web.Error(w, r, err)
				return
			}
			h.render(w, r, http.StatusOK, v)
			return
		}
	}
	status, done := web.CreateOnce(w, r, h.sessions, f, o, func() (int64, error) { return h.store.CreateClipping(ctx, c) })
	if done {
		return
	}
	h.render(w, r, status, clippingView{Form: in, Errors: f.Errors})
}

func outletIDs(cs []Clipping) []int64 {
	var out []int64
	for _, c := range cs {
		if !slices.Contains(out, c.OutletID) {
			out = append(out, c.OutletID)
		}
	}
	return out
}

func (h *Handler) update(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	old, err := h.pathClipping(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("monitoring.clipping")
	in, c, err := h.read(ctx, f)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	c.ID, c.IdempotencyKey, c.ItemID = old.ID, "", old.ItemID
	status, done := web.SaveEdit(w, r, h.sessions, f, clippingURL(c.ID), "monitoring.clipping.saved",
		func() error { return h.store.UpdateClipping(ctx, c) })
	if done {
		return
	}
	h.render(w, r, status, clippingView{ID: old.ID, Form: in, Errors: f.Errors})
}

// canEdit tells whether the viewer adds and judges clippings.
func canEdit(ctx context.Context) bool { return auth.UserFrom(ctx).Can(auth.MonitoringEdit) }

// publishedAt reads when the clipping was published: a date, and a time
// of day when it is known (a printed paper has none; it counts from the
// day's start).
func publishedAt(f *form.Values) time.Time {
	d := f.Date("published_date", true)
	clock := f.Text("published_time", false, 10)
	hour, minute, ok := form.ParseClock(clock)
	if clock != "" && !ok {
		f.Add("published_time", "field.invalid_time")
		return time.Time{}
	}
	if d.IsZero() {
		return time.Time{}
	}
	return time.Date(d.Year(), d.Month(), d.Day(), hour, minute, 0, 0, i18n.Riga)
}
