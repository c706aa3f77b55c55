package monitoring

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
	"github.com/daugavpils/prdesk/templates/components"
)

// The feeds page: every feed with how its reading goes, the form, and
// "Nolasīt tagad".

type feedsView struct {
	Feeds []Feed
	Names map[int64]contacts.Brief
	Now   time.Time
}

func (h *Handler) feedList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := feedsView{Now: h.now()}
	var err error
	if v.Feeds, err = h.store.Feeds(ctx); err != nil {
		web.Error(w, r, err)
		return
	}
	var ids []int64
	for _, f := range v.Feeds {
		if f.OutletID != nil {
			ids = append(ids, *f.OutletID)
		}
	}
	if v.Names, err = h.store.Names(ctx, ids); err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, feedsPage(v))
}

// feedForm is the feed's form as typed.
type feedForm struct {
	Name, URL           string
	Outlet              contacts.LookupValue
	Language, MediaType string
	Interval            string
	Active              bool
	Version             int
	Idem                string
}

type feedView struct {
	ID       int64
	Form     feedForm
	Errors   form.Errors
	Feed     Feed // the saved feed, on an edit
	Timeline []components.TimelineLine
}

func (v feedView) action() string {
	if v.ID == 0 {
		return "/monitoring/feeds"
	}
	return feedURL(v.ID)
}

func (h *Handler) renderFeed(w http.ResponseWriter, r *http.Request, status int, v feedView) {
	if v.ID != 0 {
		var err error
		if v.Timeline, err = h.historyOf(r.Context(), "monitoring_feed", v.ID); err != nil {
			web.Error(w, r, err)
			return
		}
	}
	web.Render(w, r, status, feedFormPage(v))
}

func (h *Handler) newFeedPage(w http.ResponseWriter, r *http.Request) {
	f := feedForm{Language: string(Latvian), MediaType: string(Online), Interval: strconv.Itoa(DefaultFeedInterval), Active: true,
		Idem: web.FormKey()}
	h.renderFeed(w, r, http.StatusOK, feedView{Form: f})
}

func (h *Handler) pathFeed(r *http.Request) (Feed, error) {
	id, err := web.PathID(r, "id")
	if err != nil {
		return Feed{}, err
	}
	return h.store.Feed(r.Context(), id)
}

func (h *Handler) editFeedPage(w http.ResponseWriter, r *http.Request) {
	feed, err := h.pathFeed(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f := feedForm{Name: feed.Name, URL: feed.URL, Language: string(feed.Language), MediaType: string(feed.MediaType),
		Interval: strconv.Itoa(feed.IntervalMinutes), Active: feed.Active, Version: feed.Version}
	if feed.OutletID != nil {
		names, err := h.store.Names(r.Context(), []int64{*feed.OutletID})
		if err != nil {
			web.Error(w, r, err)
			return
		}
		f.Outlet = contacts.LookupValue{ID: *feed.OutletID, Label: names[*feed.OutletID].Name}
	}
	h.renderFeed(w, r, http.StatusOK, feedView{ID: feed.ID, Form: f, Feed: feed})
}

// readFeedForm checks the form; the rules are repeated here so that each
// refusal has its message beside its field.
func (h *Handler) readFeedForm(ctx context.Context, f *form.Values) (feedForm, Feed, error) {
	in := feedForm{
		Name:      strings.TrimSpace(f.Text("name", true, MaxFeedName)),
		URL:       f.Text("url", true, MaxURL),
		Outlet:    contacts.ReadLookup(f, "outlet_id"),
		Language:  string(form.Enum(f, "language", true, Languages)),
		MediaType: string(form.Enum(f, "media_type", true, MediaTypes)),
		Interval:  f.Raw("interval_minutes"),
		Active:    f.Bool("active"),
		Version:   f.Version(),
		Idem:      f.Raw("idem"),
	}
	feed := Feed{Name: in.Name, URL: in.URL, Language: Language(in.Language), MediaType: MediaType(in.MediaType),
		IntervalMinutes: f.Int("interval_minutes", true, MinFeedInterval, MaxFeedInterval), Active: in.Active,
		Version: in.Version, IdempotencyKey: in.Idem}
	if in.URL != "" && f.Errors.Get("url") == "" && !webAddress(in.URL) {
		f.Invalid("url")
	}
	if h.contacts != nil {
		if err := h.contacts.Resolve(ctx, f, &in.Outlet, "outlet_id", contacts.Organisation); err != nil {
			return in, feed, err
		}
	}
	if in.Outlet.ID != 0 {
		id := in.Outlet.ID
		feed.OutletID = &id
	} else if f.Errors.Get("outlet_id") == "" {
		f.Missing("outlet_id")
	}
	return in, feed, nil
}

func (h *Handler) createFeed(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("monitoring.feed")
	in, feed, err := h.readFeedForm(ctx, f)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	o := web.Once{Key: in.Idem, ByKey: h.store.FeedByKey, URL: func(int64) string { return "/monitoring/feeds" },
		Saved: "monitoring.feed.saved", Already: "monitoring.feed.already_saved"}
	if web.MadeBefore(w, r, h.sessions, o) {
		return
	}
	status, done := web.CreateOnce(w, r, h.sessions, f, o, func() (int64, error) { return h.store.CreateFeed(ctx, feed) })
	if done {
		return
	}
	h.renderFeed(w, r, status, feedView{Form: in, Errors: f.Errors})
}

func (h *Handler) updateFeed(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	old, err := h.pathFeed(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("monitoring.feed")
	in, feed, err := h.readFeedForm(ctx, f)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	feed.ID, feed.IdempotencyKey = old.ID, ""
	status, done := web.SaveEdit(w, r, h.sessions, f, "/monitoring/feeds", "monitoring.feed.saved",
		func() error { return h.store.UpdateFeed(ctx, feed) })
	if done {
		return
	}
	h.renderFeed(w, r, status, feedView{ID: old.ID, Form: in, Errors: f.Errors, Feed: old})
}

// readFeedNow queues a read of the feed; the page says so, and the feed's
// row shows the outcome when the job is done.
func (h *Handler) readFeedNow(w http.ResponseWriter, r *http.Request) {
	feed, err := h.pathFeed(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	if err := h.store.RequestRead(r.Context(), feed.ID); err != nil {
		web.Error(w, r, err)
		return
	}
	web.RedirectWithFlash(w, r, h.sessions, "/monitoring/feeds", i18n.T(r.Context(), "monitoring.feeds.read_queued", feed.Name))
}
