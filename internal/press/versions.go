package press

import (
	"context"
	"net/http"
	"strconv"

	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

// versionView is one saved version of a release, as it was.
type versionView struct {
	R       Release
	No      int
	Content Content
}

func (h *Handler) versionPage(w http.ResponseWriter, r *http.Request) {
	x, err := h.pathRelease(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	no, err := web.PathID(r, "no")
	if err != nil || no > int64(x.CurrentVersion) {
		web.Error(w, r, errs.NotFound)
		return
	}
	c, err := h.store.VersionContent(r.Context(), x.ID, int(no))
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, versionPage(versionView{R: x, No: int(no), Content: c}))
}

// fieldDiff is one field of two versions compared.
type fieldDiff struct {
	ID      string // the section's id on the page
	Label   string
	Lang    Lang // the text's language; "" for the topic
	Pieces  []Piece
	Changed bool
}

// compareView is two versions of a release side by side.
type compareView struct {
	R        Release
	A, B     int
	Versions []Version
	Fields   []fieldDiff
	Errors   form.Errors
}

// defaultPair is what the comparison shows first: the approved version
// against the current one, or the one before the current against it.
func defaultPair(x Release) (int, int) {
	b := x.CurrentVersion
	a := b - 1
	if x.ApprovedVersion != nil && *x.ApprovedVersion < b {
		a = *x.ApprovedVersion
	}
	if a < 1 {
		a = 1
	}
	return a, b
}

func (h *Handler) compare(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	x, err := h.pathRelease(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v := compareView{R: x}
	v.A, v.B = defaultPair(x)
	q := form.FromURL(r).Messages("press.compare")
	if q.Raw("a") != "" || q.Raw("b") != "" {
		v.A = q.Int("a", true, 1, x.CurrentVersion)
		v.B = q.Int("b", true, 1, x.CurrentVersion)
	}
	if v.Versions, err = h.store.Versions(ctx, x.ID); err != nil {
		web.Error(w, r, err)
		return
	}
	if q.Errors.Any() {
		v.Errors = q.Errors
		web.Render(w, r, http.StatusUnprocessableEntity, comparePage(v))
		return
	}
	a, err := h.store.VersionContent(ctx, x.ID, v.A)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	b, err := h.store.VersionContent(ctx, x.ID, v.B)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v.Fields = compareContent(ctx, a, b)
	web.Render(w, r, http.StatusOK, comparePage(v))
}

// compareContent is every field of a and b, each language's title, lead,
// body and status, then the topic.
func compareContent(ctx context.Context, a, b Content) []fieldDiff {
	var out []fieldDiff
	add := func(label string, lang Lang, old, new string) {
		out = append(out, fieldDiff{ID: "field-" + strconv.Itoa(len(out)+1), Label: label, Lang: lang, Pieces: Diff(old, new), Changed: Changed(old, new)})
	}
	for _, l := range Langs {
		ta, okA := a.Text(l)
		tb, okB := b.Text(l)
		if !okA && !okB {
			continue
		}
		name := LangName(ctx, l)
		add(i18n.T(ctx, "press.compare.field_title", name), l, ta.Title, tb.Title)
		add(i18n.T(ctx, "press.compare.field_lead", name), l, ta.Lead, tb.Lead)
		add(i18n.T(ctx, "press.compare.field_body", name), l, ta.Body, tb.Body)
		if l != Latvian {
			add(i18n.T(ctx, "press.compare.field_status", name), "", statusWord(ctx, ta, okA), statusWord(ctx, tb, okB))
		}
	}
	add(i18n.T(ctx, "press.compare.field_topic"), "", a.Topic, b.Topic)
	return out
}

// statusWord is a translation's status in words, or "" when the version
// has none.
func statusWord(ctx context.Context, t Text, ok bool) string {
	if !ok {
		return ""
	}
	return TextStatusName(ctx, t.Status)
}

func compareURL(id int64, a, b int) string {
	return releaseURL(id) + "/compare?a=" + strconv.Itoa(a) + "&b=" + strconv.Itoa(b)
}
