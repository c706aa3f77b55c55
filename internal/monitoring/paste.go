package monitoring

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

// The clipping form filled in for the person: from an inbox item they
// accept (/monitoring/new?item=), or from the page whose address they
// pasted ("Nolasīt no lapas").

// pageTimeout bounds the reading of a pasted page: the person waits.
const pageTimeout = 10 * time.Second

// itemForm is the clipping form of an inbox item: its title, clean link,
// time (published, or first seen), text and author, the feed's outlet,
// language and medium, and the topic of the first rule it matched with
// one.
func (h *Handler) itemForm(ctx context.Context, item Item, f clippingForm) (clippingForm, error) {
	f.Item = strconv.FormatInt(item.ID, 10)
	f.Title = cutRunes(strings.TrimSpace(item.Title), MaxTitle)
	if item.URL != "" {
		if clean, err := CleanURL(item.URL); err == nil && len(clean) <= MaxURL {
			f.URL = clean
		}
	}
	at := item.At().In(i18n.Riga)
	f.PublishedDate, f.PublishedTime = at.Format("02.01.2006."), at.Format("15:04")
	f.Body = cutRunes(item.Summary, MaxBody)
	f.Author = cutRunes(item.Author, MaxAuthor)
	f.Language, f.MediaType = string(item.Language), string(item.MediaType)
	if item.OutletID != nil {
		names, err := h.store.Names(ctx, []int64{*item.OutletID})
		if err != nil {
			return f, err
		}
		if b, ok := names[*item.OutletID]; ok {
			f.Outlet = contacts.LookupValue{ID: b.ID, Label: b.Name}
		}
	}
	for _, hit := range item.Hits {
		if hit.TopicID != nil {
			f.Topics = []string{strconv.FormatInt(*hit.TopicID, 10)}
			break
		}
	}
	return f, nil
}

// newFromItem draws the clipping form of the item the query names; an
// item decided already goes back to the inbox, saying so.
func (h *Handler) newFromItem(w http.ResponseWriter, r *http.Request, q *form.Values, f clippingForm) {
	ctx := r.Context()
	id := q.ID("item", false)
	if id == 0 {
		web.Error(w, r, errs.NotFound)
		return
	}
	item, err := h.store.Item(ctx, id)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	if item.Status != ItemNew {
		web.RedirectWithFlash(w, r, h.sessions, "/monitoring/inbox", i18n.T(ctx, "monitoring.inbox.already_decided"))
		return
	}
	if f, err = h.itemForm(ctx, item, f); err != nil {
		web.Error(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, clippingView{Form: f, Notice: i18n.T(ctx, "monitoring.inbox.accept_notice", item.FeedName)})
}

// typedClipping is the clipping form as typed, checked for nothing: the
// form is drawn again as it was, with what the page gives added.
func typedClipping(f *form.Values) clippingForm {
	in := clippingForm{
		URL: strings.TrimSpace(f.Raw("url")), Title: f.Raw("title"), PublishedDate: f.Raw("published_date"),
		PublishedTime: f.Raw("published_time"), Author: f.Raw("author"),
		Outlet: contacts.ReadLookup(f, "outlet_id"), Journalist: contacts.ReadLookup(f, "journalist_id"),
		MediaType: f.Raw("media_type"), Language: f.Raw("language"), Reach: f.Raw("reach"), Body: f.Raw("body"),
		Tone: f.Raw("tone"), Release: f.Raw("release_id"), Topics: f.Raws("topics"), Units: f.Raws("units"),
		Item: f.Raw("item_id"), Version: f.Version(), Idem: f.Raw("idem"),
	}
	for i := range in.Officials {
		in.Officials[i] = contacts.ReadLookup(f, "official_"+strconv.Itoa(i+1))
	}
	return in
}

// readFromPage fills the clipping form from the page at its address: the
// fields still empty take the page's title, author and description, the
// date and time its publication (unless a time was typed), the language
// its <html lang>, and the outlet the directory's one organisation of the
// site's name. A page that cannot be read says so beside the address.
func (h *Handler) readFromPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	in := typedClipping(f)
	f.Errors = form.Errors{}
	v := clippingView{Form: in}
	clean, cerr := CleanURL(in.URL)
	switch {
	case in.URL == "":
		f.Add("url", "monitoring.clipping.read_url_required")
	case cerr != nil || len(clean) > MaxURL:
		f.Add("url", "monitoring.clipping.url_invalid")
	}
	if f.Errors.Any() {
		v.Errors = f.Errors
		h.render(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	readCtx, cancel := context.WithTimeout(ctx, pageTimeout)
	page, err := h.feeds.ReadPage(readCtx, clean)
	cancel()
	if err != nil {
		slog.InfoContext(ctx, "monitoring: a pasted page could not be read", "url", clean, "err", err)
		f.Add("url", "monitoring.clipping.read_failed")
		v.Errors = f.Errors
		h.render(w, r, http.StatusOK, v)
		return
	}
	fill := func(field *string, value string, limit int) {
		if strings.TrimSpace(*field) == "" && value != "" {
			*field = cutRunes(value, limit)
		}
	}
	fill(&v.Form.Title, page.Title, MaxTitle)
	fill(&v.Form.Author, page.Author, MaxAuthor)
	fill(&v.Form.Body, page.Description, MaxBody)
	if !page.Published.IsZero() && strings.TrimSpace(in.PublishedTime) == "" {
		at := page.Published.In(i18n.Riga)
		v.Form.PublishedDate, v.Form.PublishedTime = at.Format("02.01.2006."), at.Format("15:04")
	}
	if l := languageOf(page.Language); l != "" {
		v.Form.Language = string(l)
	}
	if in.Outlet.ID == 0 && strings.TrimSpace(in.Outlet.Q) == "" && page.SiteName != "" && h.contacts != nil {
		found, err := h.contacts.Search(ctx, page.SiteName, contacts.Organisation, 2)
		if err != nil {
			web.Error(w, r, err)
			return
		}
		if len(found) == 1 {
			v.Form.Outlet = contacts.LookupValue{ID: found[0].ID, Label: found[0].Name}
		} else {
			v.Form.Outlet.Q = page.SiteName
		}
	}
	v.Notice = i18n.T(ctx, "monitoring.clipping.read_done")
	h.render(w, r, http.StatusOK, v)
}

// languageOf is the language of a page's lang ("lv-LV", "ru"), or "" when
// it names none: Latgalian and the rest are Other.
func languageOf(lang string) Language {
	lang = strings.ToLower(strings.TrimSpace(lang))
	if lang == "" {
		return ""
	}
	primary, _, _ := strings.Cut(strings.ReplaceAll(lang, "_", "-"), "-")
	switch primary {
	case "lv":
		return Latvian
	case "ru":
		return Russian
	case "en":
		return English
	}
	return Other
}
