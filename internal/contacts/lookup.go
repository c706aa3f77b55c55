package contacts

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/web"
)

// The lookup is how every area's form picks an organisation or a person
// from the directory. Its field (Lookup) posts two values: NAME, the id of
// the contact picked, and NAME_q, the text typed. With JavaScript the
// field is a combobox: typing asks /contacts/lookup/options for matches,
// the arrow keys move through them, Enter picks one; the last option
// creates a new contact in place. Without it the text alone is posted, and
// Resolve picks the one contact it names, or draws the form again with the
// matches to choose from (radio buttons under the field). /contacts/lookup
// is the same search as a page of its own.
//
// In the area's handler:
//
//	org := contacts.ReadLookup(f, "org")
//	if err := h.contacts.Resolve(ctx, f, &org, contacts.Organisation); err != nil { … }
//	… store org.ID, and in the store's transaction contacts.Exists and
//	(*contacts.Store).RecordUse …
//
// and in the template:
//
//	@contacts.Lookup(contacts.LookupField{Name: "org", Label: …, Kind: contacts.Organisation, Value: org, Error: errs.Get("org")})

// LookupValue is a lookup field as posted: the contact picked, or the text
// typed and, when it named several, the matches to choose from.
type LookupValue struct {
	ID         int64
	Label      string // the picked contact's name, as the field shows it
	Q          string
	Candidates []Brief
}

// ReadLookup reads the lookup field name of a posted form.
func ReadLookup(f *form.Values, name string) LookupValue {
	v := LookupValue{ID: f.ID(name, false), Q: f.Text(name+"_q", false, 200)}
	if v.ID != 0 {
		v.Label = v.Q
	}
	return v
}

func readLookupValue(f *form.Values, name string) LookupValue { return ReadLookup(f, name) }

// LookupShown is how many matches the typeahead and a form's choice show.
const LookupShown = 10

// Resolve makes v a picked contact of kind (any kind when ""), or adds the
// field's refusal to f: a picked id that is no contact, text that names no
// contact, or text that names several (their list is kept in v.Candidates
// for the form to offer). A field neither picked nor typed is left alone:
// whether it is required is the caller's to say.
func (s *Store) Resolve(ctx context.Context, f *form.Values, v *LookupValue, name string, kind Kind) error {
	if v.ID != 0 {
		bs, err := s.Briefs(ctx, []int64{v.ID})
		if err != nil {
			return err
		}
		if len(bs) == 0 || (kind != "" && bs[0].Kind != kind) {
			f.Add(name, "contacts.lookup.err_unknown")
			v.ID = 0
			return nil
		}
		v.ID, v.Label = bs[0].ID, bs[0].Name
		return nil
	}
	if v.Q == "" {
		return nil
	}
	found, err := s.Search(ctx, v.Q, kind, LookupShown)
	if err != nil {
		return err
	}
	switch {
	case len(found) == 0:
		f.Add(name, "contacts.lookup.err_none", v.Q)
	case len(found) == 1:
		v.ID, v.Label = found[0].ID, found[0].Name
	default:
		v.Candidates = found
		f.Add(name, "contacts.lookup.err_choose")
	}
	return nil
}

// lookupNearest is how many contacts of a common word the lookup reads
// first: those of the words closest to what was typed ("be" → "bebris",
// "bekasovs" … before "berzins").
const lookupNearest = 200

// Search finds up to limit contacts of kind whose words begin with the
// words of q, in the list's order; when more match than a common word's
// lookupNearest contacts hold, those of the words closest to q (the
// shortest completions of what was typed).
func (s *Store) Search(ctx context.Context, q string, kind Kind, limit int) ([]Brief, error) {
	if len(Fold(q)) == 0 {
		return nil, nil
	}
	rows, _, err := s.List(ctx, ListFilter{Q: q, Kind: kind, nearest: lookupNearest}, nil, limit)
	if err != nil {
		return nil, err
	}
	out := make([]Brief, len(rows))
	for i, r := range rows {
		b := Brief{ID: r.ID, Kind: r.Kind, Name: r.Name, OrgType: r.OrgType}
		if r.Kind == Person {
			b.Detail = strings.Trim(r.Position+", "+r.OrgName, ", ")
		} else {
			b.Detail = r.City
		}
		out[i] = b
	}
	return out, nil
}

// lookupKind reads the kind a lookup asks for: a person, an organisation, or either.
func lookupKind(q url.Values) Kind {
	switch k := Kind(q.Get("kind")); k {
	case Person, Organisation:
		return k
	}
	return ""
}

// fieldName is a lookup's field name as the request gives it: letters,
// digits, _ and -, so that it can stand in ids.
func fieldName(s string) string {
	if s == "" || len(s) > 40 || strings.ContainsFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-')
	}) {
		return "contact"
	}
	return s
}

type optionsView struct {
	Field   string
	Kind    Kind
	Q       string
	Found   []Brief
	CanEdit bool
}

// lookupOptions is the typeahead's list for what was typed into field.
func (h *Handler) lookupOptions(w http.ResponseWriter, r *http.Request) {
	q := form.URLValues(r)
	v := optionsView{Field: fieldName(q.Get("field")), Kind: lookupKind(q), CanEdit: canEdit(r.Context()) && q.Get("nocreate") == ""}
	v.Q = strings.TrimSpace(q.Get(v.Field + "_q"))
	if len([]rune(v.Q)) > 200 {
		v.Q = string([]rune(v.Q)[:200])
	}
	var err error
	if v.Found, err = h.store.Search(r.Context(), v.Q, v.Kind, LookupShown); err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, lookupOptionsFragment(v))
}

type lookupPageView struct {
	Kind    Kind
	Q       string
	Found   []Brief
	Back    string // where a pick returns, with ?field=id added; "" shows links to the cards
	Field   string
	CanEdit bool
}

// lookupPage is the search as a page of its own, for a browser without
// JavaScript and for whoever wants to find a contact quickly.
func (h *Handler) lookupPage(w http.ResponseWriter, r *http.Request) {
	q := form.URLValues(r)
	v := lookupPageView{Kind: lookupKind(q), Q: strings.TrimSpace(q.Get("q")), Field: fieldName(q.Get("field")), CanEdit: canEdit(r.Context())}
	if len([]rune(v.Q)) > 200 {
		v.Q = string([]rune(v.Q)[:200])
	}
	// Only a path of this server: a pick never leads elsewhere.
	if b := q.Get("back"); strings.HasPrefix(b, "/") && !strings.HasPrefix(b, "//") && !strings.Contains(b, "\\") {
		v.Back = b
	}
	var err error
	if v.Found, err = h.store.Search(r.Context(), v.Q, v.Kind, 30); err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, lookupPage(v))
}

// pickURL is where a pick on the search page leads: back, with the field
// set to the contact.
func pickURL(v lookupPageView, id int64) string {
	u, err := url.Parse(v.Back)
	if err != nil {
		return contactURL(id)
	}
	q, _ := url.ParseQuery(u.RawQuery) // as u.Query reads it
	q.Set(v.Field, idStr(id))
	u.RawQuery = q.Encode()
	return u.String()
}

// newURL is the form that adds a contact of the kind, with the typed text
// as its name.
func newURL(kind Kind, q string) string {
	v := url.Values{}
	if kind == Organisation {
		v.Set("kind", string(Organisation))
		v.Set("name", q)
	} else {
		v.Set("kind", string(Person))
		given, family := splitName(q)
		v.Set("given_name", given)
		v.Set("family_name", family)
	}
	return "/contacts/new?" + v.Encode()
}

func optionsURL(f LookupField) string {
	v := url.Values{}
	v.Set("field", f.Name)
	if f.Kind != "" {
		v.Set("kind", string(f.Kind))
	}
	if f.NoCreate {
		v.Set("nocreate", "1")
	}
	return "/contacts/lookup/options?" + v.Encode()
}

func searchPageURL(f LookupField) string {
	v := url.Values{}
	if f.Kind != "" {
		v.Set("kind", string(f.Kind))
	}
	return "/contacts/lookup?" + v.Encode()
}

// splitName splits a typed name into given names and the surname (the last word).
func splitName(q string) (given, family string) {
	words := strings.Fields(q)
	if len(words) > 1 {
		return strings.Join(words[:len(words)-1], " "), words[len(words)-1]
	}
	return "", strings.TrimSpace(q)
}

func quickURL(f LookupField) string {
	v := url.Values{}
	v.Set("field", f.Name)
	if f.Kind != "" {
		v.Set("kind", string(f.Kind))
	}
	return "/contacts/lookup/new?" + v.Encode()
}
