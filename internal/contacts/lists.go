package contacts

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/export"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

// The mailing lists' pages (store_lists.go holds their SQL): the lists
// with who each reaches, a list's card with its members and who is left
// out, the form that makes or renames one, and adding people to a static
// list from its card, a person's card or the directory's filter.

// listRoutes registers the mailing lists' routes: reading them is
// area.contacts, changing them (and exporting a list's addresses) is
// contacts.edit.
func (h *Handler) listRoutes(m *auth.Mux) {
	m.Get("/contacts/lists", auth.AreaContacts, h.listsPage)
	m.Get("/contacts/lists/new", auth.ContactsEdit, h.newListPage)
	m.Post("/contacts/lists", auth.ContactsEdit, h.createList)
	m.Get("/contacts/lists/add", auth.ContactsEdit, h.addFoundPage)
	m.Post("/contacts/lists/add", auth.ContactsEdit, h.addFound)
	m.Get("/contacts/lists/{id}", auth.AreaContacts, h.listCard)
	m.Get("/contacts/lists/{id}/edit", auth.ContactsEdit, h.editListPage)
	m.Post("/contacts/lists/{id}/edit", auth.ContactsEdit, h.updateList)
	m.Post("/contacts/lists/{id}/archive", auth.ContactsEdit, h.archiveList)
	m.Post("/contacts/lists/{id}/restore", auth.ContactsEdit, h.restoreList)
	m.Post("/contacts/lists/{id}/members", auth.ContactsEdit, h.addListMember)
	m.Post("/contacts/lists/{id}/members/{contact}/remove", auth.ContactsEdit, h.removeListMember)
	m.Get("/contacts/lists/{id}/export.csv", auth.ContactsEdit, h.exportListCSV)
	m.Get("/contacts/lists/{id}/export.xlsx", auth.ContactsEdit, h.exportListXLSX)
	m.Post("/contacts/{id}/lists", auth.ContactsEdit, h.addToListFromCard)
}

func listURL(id int64) string { return "/contacts/lists/" + idStr(id) }

// ---- the lists ----

type listsView struct {
	Lines    []ListLine
	Archived bool
	CanEdit  bool
	// Lists ticked to be counted together, and what they reach.
	Combined     []MailingList
	CombineReach Reach
	Picked       map[int64]bool
	Errors       form.Errors
}

func (h *Handler) listsPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := form.URLValues(r)
	v := listsView{Archived: q.Get("archived") != "", CanEdit: canEdit(ctx), Picked: map[int64]bool{}}
	var picked []int64
	for _, s := range q["list"] {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			v.Errors.Add("list", i18n.T(ctx, "contacts.lists.err_pick"))
			break
		}
		if !v.Picked[id] {
			picked = append(picked, id)
			v.Picked[id] = true
		}
	}
	var err error
	if v.Lines, err = h.store.MailingLists(ctx, v.Archived); err != nil {
		web.Error(w, r, err)
		return
	}
	status := http.StatusOK
	if len(picked) > 0 && !v.Errors.Any() {
		v.Combined, v.CombineReach, err = h.store.CombinedReach(ctx, picked)
		if errors.Is(err, errs.NotFound) {
			v.Errors.Add("list", i18n.T(ctx, "contacts.lists.err_pick"))
		} else if err != nil {
			web.Error(w, r, err)
			return
		}
	}
	if v.Errors.Any() {
		status = http.StatusUnprocessableEntity
	}
	web.Render(w, r, status, listsPage(v))
}

// kindText names a list's kind.
func kindText(ctx context.Context, k ListKind) string {
	return i18n.T(ctx, "contacts.lists.kind."+string(k))
}

// leftText says who a reach leaves out and why: "2 atteikušies, 1 bez
// e-pasta"; "" when nobody.
func leftText(ctx context.Context, r Reach) string {
	var parts []string
	for _, reason := range Reasons {
		if n := r.Left[reason]; n > 0 {
			parts = append(parts, i18n.T(ctx, "contacts.lists.left."+string(reason), i18n.Number(int64(n))))
		}
	}
	return strings.Join(parts, ", ")
}

// filterText describes a saved filter in the directory's words.
func filterText(ctx context.Context, f ListFilter) string {
	var parts []string
	add := func(label, value string) {
		if value != "" {
			parts = append(parts, label+": "+value)
		}
	}
	add(i18n.T(ctx, "contacts.list.q"), quoted(f.Q))
	if f.Kind != "" {
		add(i18n.T(ctx, "contacts.list.kind"), i18n.T(ctx, "contacts.kind."+string(f.Kind)))
	}
	if f.OrgType != "" {
		add(i18n.T(ctx, "contacts.list.type"), i18n.T(ctx, "contacts.org_type."+string(f.OrgType)))
	}
	if f.Country != "" {
		add(i18n.T(ctx, "contacts.country"), i18n.T(ctx, "contacts.countries."+f.Country))
	}
	if f.Topic != "" {
		add(i18n.T(ctx, "contacts.topics"), i18n.T(ctx, "contacts.topic."+f.Topic))
	}
	if f.Language != "" {
		add(i18n.T(ctx, "contacts.languages"), i18n.T(ctx, "contacts.language."+f.Language))
	}
	add(i18n.T(ctx, "contacts.list.tag"), f.Tag)
	return strings.Join(parts, "; ")
}

func quoted(s string) string {
	if s == "" {
		return ""
	}
	return "„" + s + "”"
}

// ---- a list's card ----

type listCardView struct {
	ListCard
	CanEdit  bool
	Members  []Recipient
	LeftOnly bool
	First    string
	Next     string
	// The add-a-member form, as typed when it was refused.
	Member LookupValue
	Errors form.Errors
}

func (h *Handler) listCard(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		web.Error(w, r, err)
		return
	}
	h.renderListCard(w, r, id, http.StatusOK, listCardView{})
}

func (h *Handler) renderListCard(w http.ResponseWriter, r *http.Request, id int64, status int, v listCardView) {
	ctx := r.Context()
	card, err := h.store.OpenList(ctx, id)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v.ListCard, v.CanEdit = card, canEdit(ctx)
	q := form.URLValues(r)
	v.LeftOnly = q.Get("left") != ""
	base := url.Values{}
	if v.LeftOnly {
		base.Set("left", "1")
	}
	var after *Cursor
	if s := q.Get("after"); s != "" {
		c, ok := ParseCursor(s)
		if !ok {
			web.Redirect(w, r, listURL(id)+"?"+base.Encode())
			return
		}
		after = &c
		v.First = strings.TrimSuffix(listURL(id)+"?"+base.Encode(), "?")
	}
	members, next, err := h.store.ListMembers(ctx, card.List, v.LeftOnly, after, PageSize)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v.Members = members
	if next != nil {
		nq := url.Values{"after": {next.String()}}
		if v.LeftOnly {
			nq.Set("left", "1")
		}
		v.Next = listURL(id) + "?" + nq.Encode()
	}
	web.Render(w, r, status, listCardPage(v))
}

// reasonText says why a member gets no mail, or that it does.
func reasonText(ctx context.Context, r Recipient) string {
	if r.Reason == Reachable {
		return i18n.T(ctx, "contacts.lists.reachable")
	}
	return i18n.T(ctx, "contacts.lists.reason."+string(r.Reason))
}

// directoryURL is the directory's list with a saved filter's query.
func directoryURL(f ListFilter) string { return "/contacts?" + f.QueryString() }

// ---- the form that makes or edits a list ----

type mailingListForm struct {
	Name, Description string
	Kind              string
	Filter            listForm // a saved filter's query, as typed
	Version           int
	Idem              string
}

type listFormView struct {
	ID     int64
	Form   mailingListForm
	Errors form.Errors
}

// readMailingList checks the list's form; a saved filter needs at least
// one of the directory's filters (or it would be the whole directory).
func readMailingList(r *http.Request, f *form.Values, kind ListKind) (mailingListForm, MailingList) {
	in := mailingListForm{Name: f.Text("name", true, 200), Description: f.Text("description", false, 2000), Kind: string(kind),
		Version: f.Version(), Idem: f.Raw("idem")}
	l := MailingList{Name: in.Name, Description: in.Description, Kind: kind, Version: in.Version}
	if kind == SavedFilter {
		lf, filter, errs := readFilterForm(r.Context(), f)
		for _, e := range errs.List() {
			f.Errors.Add(e.Field, e.Message)
		}
		in.Filter, l.Filter = lf, filter
		if !errs.Any() && filter.Empty() {
			f.Add("q", "contacts.lists.err_filter_empty")
		}
	}
	return in, l
}

// readFilterForm reads the directory's filters from a posted form, with
// the same checks as the list's query string (readListForm).
func readFilterForm(ctx context.Context, f *form.Values) (listForm, ListFilter, form.Errors) {
	q := url.Values{}
	for _, k := range filterParams {
		if s := f.Raw(k); s != "" {
			q.Set(k, s)
		}
	}
	r, _ := http.NewRequestWithContext(ctx, http.MethodGet, "/contacts?"+q.Encode(), nil)
	return readListForm(r)
}

// listKindOf is the kind a new list's form is for.
func listKindOf(r *http.Request) ListKind {
	if form.URLValues(r).Get("list_kind") == string(SavedFilter) || r.PostFormValue("list_kind") == string(SavedFilter) {
		return SavedFilter
	}
	return StaticList
}

func (h *Handler) newListPage(w http.ResponseWriter, r *http.Request) {
	k := listKindOf(r)
	in := mailingListForm{Kind: string(k), Idem: newIdempotencyKey()}
	if k == SavedFilter {
		// From the directory's "save as a list": its filters come along.
		in.Filter, _, _ = readListForm(r)
	}
	web.Render(w, r, http.StatusOK, listFormPage(listFormView{Form: in}))
}

func (h *Handler) createList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("contacts.lists.form")
	in, l := readMailingList(r, f, listKindOf(r))
	if len(in.Idem) < 8 || len(in.Idem) > 64 {
		in.Idem = newIdempotencyKey()
	}
	status := http.StatusUnprocessableEntity
	if !f.Errors.Any() {
		id, err := h.store.CreateList(ctx, l, in.Idem)
		if err == nil {
			web.RedirectWithFlash(w, r, h.sessions, listURL(id), i18n.T(ctx, "contacts.lists.saved"))
			return
		}
		var ok bool
		if status, ok = f.Refused(err); !ok {
			web.Error(w, r, err)
			return
		}
	}
	web.Render(w, r, status, listFormPage(listFormView{Form: in, Errors: f.Errors}))
}

func (h *Handler) pathList(r *http.Request) (MailingList, error) {
	id, err := web.PathID(r, "id")
	if err != nil {
		return MailingList{}, err
	}
	return h.store.GetList(r.Context(), id)
}

func (h *Handler) editListPage(w http.ResponseWriter, r *http.Request) {
	l, err := h.pathList(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	in := mailingListForm{Name: l.Name, Description: l.Description, Kind: string(l.Kind), Version: l.Version,
		Filter: listForm{Q: l.Filter.Q, Kind: string(l.Filter.Kind), OrgType: string(l.Filter.OrgType), Tag: l.Filter.Tag,
			Country: l.Filter.Country, Topic: l.Filter.Topic, Language: l.Filter.Language}}
	web.Render(w, r, http.StatusOK, listFormPage(listFormView{ID: l.ID, Form: in}))
}

func (h *Handler) updateList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	old, err := h.pathList(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("contacts.lists.form")
	in, l := readMailingList(r, f, old.Kind)
	l.ID = old.ID
	status := http.StatusUnprocessableEntity
	if !f.Errors.Any() {
		err := h.store.UpdateList(ctx, l)
		if err == nil {
			web.RedirectWithFlash(w, r, h.sessions, listURL(l.ID), i18n.T(ctx, "contacts.lists.saved"))
			return
		}
		var ok bool
		if status, ok = f.Refused(err); !ok {
			web.Error(w, r, err)
			return
		}
	}
	web.Render(w, r, status, listFormPage(listFormView{ID: l.ID, Form: in, Errors: f.Errors}))
}

func listFormTitle(ctx context.Context, v listFormView) string {
	switch {
	case v.ID != 0:
		return i18n.T(ctx, "contacts.lists.edit_title")
	case v.Form.Kind == string(SavedFilter):
		return i18n.T(ctx, "contacts.lists.new_filter")
	}
	return i18n.T(ctx, "contacts.lists.new_static")
}

func listFormAction(v listFormView) string {
	if v.ID == 0 {
		return "/contacts/lists"
	}
	return listURL(v.ID) + "/edit"
}

// ---- archive, members ----

func (h *Handler) archiveList(w http.ResponseWriter, r *http.Request) { h.archive(w, r, true) }

func (h *Handler) restoreList(w http.ResponseWriter, r *http.Request) { h.archive(w, r, false) }

func (h *Handler) archive(w http.ResponseWriter, r *http.Request, archive bool) {
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
	if err := h.store.ArchiveList(ctx, id, f.Version(), archive); err != nil {
		web.Error(w, r, err)
		return
	}
	msg := "contacts.lists.archived"
	if !archive {
		msg = "contacts.lists.restored"
	}
	web.RedirectWithFlash(w, r, h.sessions, listURL(id), i18n.T(ctx, msg))
}

func (h *Handler) addListMember(w http.ResponseWriter, r *http.Request) {
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
	f.Messages("contacts.lists.form")
	member := ReadLookup(f, "member")
	if err := h.store.Resolve(ctx, f, &member, "member", ""); err != nil {
		web.Error(w, r, err)
		return
	}
	if member.ID == 0 && !f.Errors.Any() {
		f.Add("member", "contacts.lists.form.member_required")
	}
	if !f.Errors.Any() {
		added, err := h.store.AddListMember(ctx, id, member.ID)
		if err == nil {
			msg := "contacts.lists.member_added"
			if !added {
				msg = "contacts.lists.member_there"
			}
			web.RedirectWithFlash(w, r, h.sessions, listURL(id), i18n.T(ctx, msg))
			return
		}
		if _, ok := f.Refused(err); !ok {
			web.Error(w, r, err)
			return
		}
	}
	h.renderListCard(w, r, id, http.StatusUnprocessableEntity, listCardView{Member: member, Errors: f.Errors})
}

func (h *Handler) removeListMember(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := web.PathID(r, "id")
	if err != nil {
		web.Error(w, r, err)
		return
	}
	contact, err := web.PathID(r, "contact")
	if err != nil {
		web.Error(w, r, err)
		return
	}
	if _, err := h.store.GetList(ctx, id); err != nil {
		web.Error(w, r, err)
		return
	}
	if err := h.store.RemoveListMember(ctx, id, contact); err != nil {
		if errors.Is(err, errs.NotFound) {
			// Removed already (a second click): nothing to do.
			web.RedirectWithFlash(w, r, h.sessions, listURL(id), i18n.T(ctx, "contacts.lists.member_not_there"))
			return
		}
		if _, ok := errsField(err); ok {
			web.RedirectWithFlash(w, r, h.sessions, listURL(id), i18n.T(ctx, "contacts.lists.err_not_static"))
			return
		}
		web.Error(w, r, err)
		return
	}
	web.RedirectWithFlash(w, r, h.sessions, listURL(id), i18n.T(ctx, "contacts.lists.member_removed"))
}

// addToListFromCard puts the person of a contact's card on a static list.
func (h *Handler) addToListFromCard(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	c, err := h.pathContact(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	list := f.ID("list", true)
	if !f.Errors.Any() {
		added, err := h.store.AddListMember(ctx, list, c.ID)
		if err == nil {
			msg := "contacts.lists.member_added"
			if !added {
				msg = "contacts.lists.member_there"
			}
			web.RedirectWithFlash(w, r, h.sessions, contactURL(c.ID), i18n.T(ctx, msg))
			return
		}
		if !isFieldOrMissing(err) {
			web.Error(w, r, err)
			return
		}
	}
	f.Errors = form.Errors{}
	f.Add("list", "contacts.lists.form.list_invalid")
	h.renderCard(w, r, c.ID, http.StatusUnprocessableEntity, cardView{Errors: f.Errors})
}

// ---- adding what the directory's filter found ----

type addFoundView struct {
	Form    listForm
	Filter  ListFilter
	Count   Count
	Lists   []MailingList
	List    int64
	Errors  form.Errors
	Blocked bool // the filter itself is wrong, or finds nothing
}

func (h *Handler) addFoundPage(w http.ResponseWriter, r *http.Request) {
	lf, f, errs := readListForm(r)
	h.renderAddFound(w, r, addFoundView{Form: lf, Filter: f, Errors: errs})
}

func (h *Handler) renderAddFound(w http.ResponseWriter, r *http.Request, v addFoundView) {
	ctx := r.Context()
	status := http.StatusOK
	if v.Errors.Any() {
		status = http.StatusUnprocessableEntity
	}
	var err error
	if v.Lists, err = h.store.StaticLists(ctx); err != nil {
		web.Error(w, r, err)
		return
	}
	if v.Errors.Get("list") == "" && v.Errors.Any() {
		v.Blocked = true
	} else if v.Count, err = h.store.Count(ctx, v.Filter); err != nil {
		web.Error(w, r, err)
		return
	}
	if v.Count.N == 0 || v.Filter.Empty() {
		v.Blocked = true
	}
	web.Render(w, r, status, addFoundPage(v))
}

func (h *Handler) addFound(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("contacts.lists.form")
	lf, filter, errs := readFilterForm(ctx, f)
	list := f.ID("list", true)
	v := addFoundView{Form: lf, Filter: filter, List: list}
	for _, e := range errs.List() {
		f.Errors.Add(e.Field, e.Message)
	}
	if !f.Errors.Any() && filter.Empty() {
		f.Add("list", "contacts.lists.err_filter_empty")
	}
	if !f.Errors.Any() {
		n, err := h.store.AddFoundToList(ctx, list, filter)
		if err == nil {
			web.RedirectWithFlash(w, r, h.sessions, listURL(list), i18n.T(ctx, "contacts.lists.found_added", i18n.Number(int64(n))))
			return
		}
		if !isFieldOrMissing(err) {
			web.Error(w, r, err)
			return
		}
		if fe, ok := errsField(err); ok && fe.Key == "contacts.lists.err_too_many" {
			f.Add("list", fe.Key, fe.Args...)
		} else {
			f.Add("list", "contacts.lists.form.list_invalid")
		}
	}
	v.Errors = f.Errors
	h.renderAddFound(w, r, v)
}

// listOptions are the static lists to choose from, the chosen one selected.
func listOptions(lists []MailingList, chosen int64) []optionT {
	out := make([]optionT, len(lists))
	for i, l := range lists {
		out[i] = optionT{Value: idStr(l.ID), Label: l.Name, Selected: l.ID == chosen}
	}
	return out
}

// hiddenFilter are the directory's filters as hidden fields of a form.
func hiddenFilter(lf listForm) [][2]string {
	var out [][2]string
	for k, v := range map[string]string{"q": lf.Q, "kind": lf.Kind, "type": lf.OrgType, "tag": lf.Tag,
		"country": lf.Country, "topic": lf.Topic, "language": lf.Language} {
		if v != "" {
			out = append(out, [2]string{k, v})
		}
	}
	return out
}

// ---- export ----

func (h *Handler) exportListCSV(w http.ResponseWriter, r *http.Request) { h.exportList(w, r, "csv") }

func (h *Handler) exportListXLSX(w http.ResponseWriter, r *http.Request) { h.exportList(w, r, "xlsx") }

// exportList writes a list's reachable members: name, address, kind; the
// store writes the audit entry.
func (h *Handler) exportList(w http.ResponseWriter, r *http.Request, format string) {
	ctx := r.Context()
	id, err := web.PathID(r, "id")
	if err != nil {
		web.Error(w, r, err)
		return
	}
	l, rows, err := h.store.ExportList(ctx, id, format)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	header := []string{i18n.T(ctx, "contacts.lists.col_name"), i18n.T(ctx, "contacts.lists.col_email"), i18n.T(ctx, "contacts.list.col_type")}
	cells := func(x Recipient) []string {
		return []string{x.Name, x.Email, i18n.T(ctx, "contacts.kind."+string(x.Kind))}
	}
	name := "adresati-" + idStr(l.ID) + "-" + h.now().In(i18n.Riga).Format("2006-01-02")
	if format == "csv" {
		export.Attach(w, export.CSVType, name+".csv")
		out, err := export.NewCSV(w)
		if err == nil {
			err = out.Row(header...)
		}
		for _, x := range rows {
			if err == nil {
				err = out.Row(cells(x)...)
			}
		}
		if err == nil {
			err = out.Flush()
		}
		if err != nil {
			slog.DebugContext(ctx, "mailing list csv", "err", err)
		}
		return
	}
	x, err := export.NewXLSX(i18n.T(ctx, "contacts.lists.sheet"), l.Name, h.now(), header, len(rows))
	if err != nil {
		web.Error(w, r, err)
		return
	}
	defer x.Close()
	for _, row := range rows {
		c := cells(row)
		if err := x.Row(c[0], c[1], c[2]); err != nil {
			web.Error(w, r, err)
			return
		}
	}
	export.Attach(w, export.XLSXType, name+".xlsx")
	if _, err := x.WriteTo(w); err != nil {
		slog.DebugContext(ctx, "mailing list xlsx", "err", err)
	}
}

func errsField(err error) (*errs.FieldError, bool) { return errs.AsField(err) }

// isFieldOrMissing tells whether err refuses a field, or names a record
// that is not there (a list picked from a stale form).
func isFieldOrMissing(err error) bool {
	_, ok := errs.AsField(err)
	return ok || errors.Is(err, errs.NotFound)
}

// listsForCard are the static lists a contact's card shows it on, and
// those it may be added to.
func (h *Handler) listsForCard(ctx context.Context, c Contact) (on, choices []MailingList, err error) {
	if on, err = h.store.ListsOf(ctx, c.ID); err != nil || !canEdit(ctx) {
		return on, nil, err
	}
	all, err := h.store.StaticLists(ctx)
	for _, l := range all {
		if !slices.ContainsFunc(on, func(o MailingList) bool { return o.ID == l.ID }) {
			choices = append(choices, l)
		}
	}
	return on, choices, err
}

// formQuery is the directory's filters as typed, as a query string.
func formQuery(lf listForm) string {
	q := url.Values{}
	for _, kv := range hiddenFilter(lf) {
		q.Set(kv[0], kv[1])
	}
	return q.Encode()
}

// membersEmpty is what a card says when its table has nobody.
func membersEmpty(ctx context.Context, v listCardView) string {
	switch {
	case v.LeftOnly:
		return i18n.T(ctx, "contacts.lists.none_left")
	case v.List.Kind == SavedFilter:
		return i18n.T(ctx, "contacts.lists.filter_empty")
	}
	return i18n.T(ctx, "contacts.lists.static_empty")
}
