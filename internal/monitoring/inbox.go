package monitoring

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/a-h/templ"

	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

// The inbox: the items a rule matched that nobody has decided about, with
// why each is there; accepting one opens the clipping form filled in from
// it (/monitoring/new?item=), dismissing takes it out.

type inboxView struct {
	Page  InboxPage
	Names map[int64]contacts.Brief
	First string
	Next  string
}

func (h *Handler) inbox(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	after := pageCursor(form.FromURL(r))
	var v inboxView
	var err error
	if v.Page, err = h.store.Inbox(ctx, after); err != nil {
		web.Error(w, r, err)
		return
	}
	var ids []int64
	for _, i := range v.Page.Rows {
		if i.OutletID != nil {
			ids = append(ids, *i.OutletID)
		}
	}
	if v.Names, err = h.store.Names(ctx, ids); err != nil {
		web.Error(w, r, err)
		return
	}
	if after != nil {
		v.First = "/monitoring/inbox"
	}
	if n := v.Page.Next; n != nil {
		q := url.Values{"after": {n.At.UTC().Format(time.RFC3339Nano)}, "after_id": {strconv.FormatInt(n.ID, 10)}}
		v.Next = "/monitoring/inbox?" + q.Encode()
	}
	web.Render(w, r, http.StatusOK, inboxPage(v))
}

// dismissOne takes one item out of the inbox.
func (h *Handler) dismissOne(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := web.PathID(r, "id")
	if err == nil {
		_, err = h.store.Item(ctx, id)
	}
	if err != nil {
		web.Error(w, r, err)
		return
	}
	n, err := h.store.DismissItems(ctx, []int64{id})
	if err != nil {
		web.Error(w, r, err)
		return
	}
	msg := i18n.T(ctx, "monitoring.inbox.dismissed_one")
	if n == 0 {
		msg = i18n.T(ctx, "monitoring.inbox.already_decided")
	}
	web.RedirectWithFlash(w, r, h.sessions, "/monitoring/inbox", msg)
}

// dismissMany takes the ticked items out of the inbox.
func (h *Handler) dismissMany(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	ids := f.IDs("item")
	if len(ids) == 0 {
		web.RedirectWithFlash(w, r, h.sessions, "/monitoring/inbox", i18n.T(ctx, "monitoring.inbox.none_ticked"))
		return
	}
	n, err := h.store.DismissItems(ctx, ids)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.RedirectWithFlash(w, r, h.sessions, "/monitoring/inbox", i18n.T(ctx, "monitoring.inbox.dismissed", i18n.Number(int64(n))))
}

// whyLine is lead and the rules that picked an item, each with the words it found
// marked: "Daugavpils (Daugavpil); Tramvajs (tramvaj)". Written by hand,
// as the punctuation must touch the words and templ puts a space between
// elements on lines of their own.
func whyLine(lead string, hits []ItemHit) templ.Component {
	return templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		var b strings.Builder
		b.WriteString(templ.EscapeString(lead) + " ")
		for n, h := range hits {
			if n > 0 {
				b.WriteString("; ")
			}
			b.WriteString("<strong><bdi>" + templ.EscapeString(h.RuleName) + "</bdi></strong>")
			if len(h.Terms) == 0 {
				continue
			}
			b.WriteString(" (")
			for k, t := range h.Terms {
				if k > 0 {
					b.WriteString(", ")
				}
				b.WriteString("<mark><bdi>" + templ.EscapeString(t) + "</bdi></mark>")
			}
			b.WriteString(")")
		}
		_, err := io.WriteString(w, b.String())
		return err
	})
}

// textPart is a piece of a text, marked when it is one of the words that
// matched.
type textPart struct {
	Text string
	Mark bool
}

// markTerms cuts text into parts, marking the words and phrases of terms
// it holds the way the rules find them: folded (no case, no diacritics),
// each term word the start of a text word, a phrase's words in a row.
func markTerms(text string, terms []string) []textPart {
	type word struct {
		start, end int // bytes of text
		folded     string
	}
	var words []word
	var cur strings.Builder
	start := -1
	flush := func(end int) {
		if start >= 0 && cur.Len() > 0 {
			words = append(words, word{start, end, cur.String()})
		}
		cur.Reset()
		start = -1
	}
	for i, r := range text {
		f := foldedRune(unicode.ToLower(r))
		if f == "" {
			continue // a diacritic on its own: part of the word
		}
		if strings.ContainsRune(f, ' ') {
			flush(i)
			continue
		}
		if start < 0 {
			start = i
		}
		cur.WriteString(f)
	}
	flush(len(text))

	marked := make([]bool, len(words))
	for _, t := range terms {
		phrase := contacts.Fold(t)
		if len(phrase) == 0 {
			continue
		}
		for i := 0; i+len(phrase) <= len(words); i++ {
			ok := true
			for j, p := range phrase {
				if !strings.HasPrefix(words[i+j].folded, p) {
					ok = false
					break
				}
			}
			if ok {
				for j := range phrase {
					marked[i+j] = true
				}
			}
		}
	}
	var out []textPart
	pos := 0
	for i := 0; i < len(words); i++ {
		if !marked[i] {
			continue
		}
		j := i
		for j+1 < len(words) && marked[j+1] {
			j++
		}
		if words[i].start > pos {
			out = append(out, textPart{Text: text[pos:words[i].start]})
		}
		out = append(out, textPart{Text: text[words[i].start:words[j].end], Mark: true})
		pos = words[j].end
		i = j
	}
	if pos < len(text) {
		out = append(out, textPart{Text: text[pos:]})
	}
	return out
}
