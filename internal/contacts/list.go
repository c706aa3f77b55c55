package contacts

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

// listForm is the filter form as typed, so it comes back as it was.
type listForm struct {
	Q, Kind, OrgType, Tag, Country, Topic, Language string
	OptedOut                                        bool
	Sort                                            string // the order, as the column headings set it; "" by name
}

// listParams are the query parameters of a filtered list, in the order
// links carry them; "after" (the cursor) is added to next-page links.
var listParams = []string{"q", "kind", "type", "tag", "country", "topic", "language", "optout", "sort"}

// readListForm reads and checks the list's filters from the query string.
func readListForm(r *http.Request) (listForm, ListFilter, form.Errors) {
	f := form.FromURL(r)
	lf := listForm{
		Q: f.Text("q", false, 200), Kind: f.Raw("kind"), OrgType: f.Raw("type"), Tag: f.Text("tag", false, 60),
		Country: f.Raw("country"), Topic: f.Raw("topic"), Language: f.Raw("language"), OptedOut: f.Raw("optout") != "",
	}
	if s := f.Raw("sort"); s == SortType || s == SortUpdated {
		lf.Sort = s
	}
	filter := ListFilter{Q: lf.Q, OptedOut: lf.OptedOut, Sort: lf.Sort}
	filter.Kind = form.Enum(f, "kind", false, Kinds)
	filter.OrgType = form.Enum(f, "type", false, OrgTypes)
	filter.Country = form.Enum(f, "country", false, Countries)
	filter.Topic = form.Enum(f, "topic", false, Topics)
	filter.Language = form.Enum(f, "language", false, Languages)
	if tags := CleanTags([]string{lf.Tag}); len(tags) == 1 {
		filter.Tag = tags[0]
	}
	return lf, filter, f.Errors
}

// filterQuery is the query string of the filters in q, without the cursor.
func filterQuery(q url.Values) url.Values {
	out := url.Values{}
	for _, k := range listParams {
		if v := q.Get(k); v != "" {
			out.Set(k, v)
		}
	}
	return out
}

type listView struct {
	Form    listForm
	Errors  form.Errors
	Rows    []ListRow
	Count   Count
	First   string
	Next    string
	SortURL func(string) string
	CanEdit bool
	Query   string // the filters' query string, for the export links
}

// withVersion adds the vCard version to an export's query string.
func withVersion(q, version string) string {
	if q == "" {
		return "version=" + version
	}
	return q + "&version=" + version
}

// sortURL is the list as filtered by q, in another order, from its first page.
func sortURL(q url.Values) func(string) string {
	return func(sort string) string {
		out := filterQuery(q)
		out.Del("sort")
		if sort != SortName {
			out.Set("sort", sort)
		}
		if len(out) == 0 {
			return "/contacts"
		}
		return "/contacts?" + out.Encode()
	}
}

func (h *Handler) list(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	lf, f, fieldErrs := readListForm(r)
	v := listView{Form: lf, Errors: fieldErrs, CanEdit: canEdit(ctx), SortURL: sortURL(form.URLValues(r))}
	status := http.StatusOK
	if fieldErrs.Any() {
		status = http.StatusUnprocessableEntity
		web.Render(w, r, status, listPage(v))
		return
	}
	q := form.URLValues(r)
	v.Query = filterQuery(q).Encode()
	var after *Cursor
	if s := q.Get("after"); s != "" {
		c, ok := ParseCursor(s)
		if !ok {
			web.Redirect(w, r, "/contacts?"+filterQuery(q).Encode())
			return
		}
		after = &c
		v.First = "/contacts?" + filterQuery(q).Encode()
	}
	// The search's words are looked up once, for the page and its count.
	f, err := h.store.Prepare(ctx, f)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	rows, next, err := h.store.List(ctx, f, after, PageSize)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v.Rows = rows
	if next != nil {
		nq := filterQuery(q)
		nq.Set("after", next.String())
		v.Next = "/contacts?" + nq.Encode()
	}
	if after == nil && next == nil {
		// The whole list is on its first page: its rows are its count.
		v.Count = Count{N: int64(len(rows))}
	} else if v.Count, err = h.store.Count(ctx, f); err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, status, listPage(v))
}

func countText(ctx context.Context, c Count) string {
	if c.More {
		return i18n.T(ctx, "app.more_than", i18n.Number(c.N))
	}
	return i18n.Number(c.N)
}

// codeOptions are a select's options for codes labelled by prefix+code,
// sorted by label, with a first empty option labelled by blankKey.
func codeOptions(ctx context.Context, codes []string, prefix, selected, blankKey string) []optionT {
	out := slices.Clone(sortedOptions(ctx, codes, prefix))
	for i := range out {
		out[i].Selected = out[i].Value == selected
	}
	if blankKey != "" {
		out = append([]optionT{{Value: "", Label: i18n.T(ctx, blankKey), Selected: selected == ""}}, out...)
	}
	return out
}

// typeLabel is the row's kind as the list shows it: an organisation's type,
// or "person".
func typeLabel(ctx context.Context, r ListRow) string {
	if r.Kind == Person {
		return i18n.T(ctx, "contacts.kind.person")
	}
	return i18n.T(ctx, "contacts.org_type."+string(r.OrgType))
}

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

// emptyText is what an empty list says, and what to do next.
func emptyText(ctx context.Context, v listView) string {
	if v.Form != (listForm{}) {
		return i18n.T(ctx, "contacts.list.none_found")
	}
	return i18n.T(ctx, "contacts.list.empty")
}

// sortedCodes are codeOptions' options sorted once for each locale and
// list of codes: a Latvian collator sorting them on every page cost the
// list a millisecond a request.
var sortedCodes sync.Map // "locale prefix" → []optionT

func sortedOptions(ctx context.Context, codes []string, prefix string) []optionT {
	key := i18n.Locale(ctx) + " " + prefix + " " + strings.Join(codes, ",")
	if v, ok := sortedCodes.Load(key); ok {
		return v.([]optionT)
	}
	out := make([]optionT, 0, len(codes))
	for _, c := range codes {
		out = append(out, optionT{Value: c, Label: i18n.T(ctx, prefix+c)})
	}
	col := collate.New(language.Latvian)
	slices.SortStableFunc(out, func(a, b optionT) int { return col.CompareString(a.Label, b.Label) })
	sortedCodes.Store(key, out)
	return out
}
