package privacy

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/personcode"
	"github.com/daugavpils/prdesk/internal/web"
)

// Deps is what the page needs from the app.
type Deps struct {
	Pool *pgxpool.Pool
	// Sources are the areas that keep personal data, in the order the
	// page shows them.
	Sources []Source
	Now     func() time.Time
}

// Handler serves /privacy.
type Handler struct {
	store *Store
	now   func() time.Time
}

// NewHandler wires the page.
func NewHandler(d Deps) *Handler {
	return &Handler{store: NewStore(d.Pool, d.Sources), now: d.Now}
}

// Routes registers the page and its export.
func (h *Handler) Routes(m *auth.Mux) {
	m.Get("/privacy", auth.PrivacyRequest, h.page)
	m.Get("/privacy/extract.pdf", auth.PrivacyRequest, h.extract)
}

// Path is the page's address with a lookup filled in, for the areas'
// own links to it (the registry's old request page sends here).
func Path(p Person) string { return "/privacy?" + p.query() }

func (p Person) query() string {
	v := url.Values{}
	for _, k := range p.Given() {
		v.Set(string(k), p.Value(k))
	}
	return v.Encode()
}

// formValues is the lookup as typed, for the form shown again.
type formValues struct{ Name, Code, Email, Phone string }

// pageView is the lookup form and what it found.
type pageView struct {
	Form   formValues
	Errors form.Errors
	Person Person
	Asked  bool
	Found  []Found
}

// Total is how many records the areas found.
func (v pageView) Total() int { return Count(v.Found) }

// ExtractURL is the export of the same lookup.
func (v pageView) ExtractURL() string { return ExtractPath(v.Person) }

// readPerson checks the lookup in the query string. Any key may be left
// empty, not all; each given one is checked as the areas' forms check it.
func readPerson(r *http.Request, now time.Time) (Person, formValues, form.Errors) {
	f := form.FromURL(r)
	typed := formValues{Name: f.Raw("name"), Code: f.Raw("code"), Email: f.Raw("email"), Phone: f.Raw("phone")}
	var p Person
	p.Name = strings.Join(strings.Fields(f.Text("name", false, 200)), " ")
	if p.Name != "" && utf8.RuneCountInString(strings.Map(func(r rune) rune {
		if NameSeparator(r) {
			return -1
		}
		return r
	}, p.Name)) < 2 {
		f.Add("name", "privacy.err_name_short")
	}
	p.Code = personcode.Normalise(f.Text("code", false, 20))
	if p.Code != "" && f.Errors.Get("code") == "" {
		if problem := personcode.CheckAt(p.Code, now); problem != personcode.OK {
			f.Add("code", "privacy.err_code_"+string(problem))
		}
	}
	p.Email = f.Email("email", false)
	if phone := f.Text("phone", false, 30); phone != "" && f.Errors.Get("phone") == "" {
		p.Phone = PhoneDigits(phone)
		if strings.ContainsFunc(phone, func(r rune) bool { return !strings.ContainsRune("+0123456789 -().\u00a0", r) }) ||
			len(p.Phone) < 7 || len(p.Phone) > 15 {
			f.Add("phone", "privacy.err_phone")
		}
	}
	if !f.Errors.Any() && len(p.Given()) == 0 {
		f.Add("name", "privacy.err_none")
	}
	return p, typed, f.Errors
}

// page is the lookup; with a query it searches every area (audited).
func (h *Handler) page(w http.ResponseWriter, r *http.Request) {
	if r.URL.RawQuery == "" {
		web.Render(w, r, http.StatusOK, privacyPage(pageView{}))
		return
	}
	p, typed, errs := readPerson(r, h.now())
	v := pageView{Form: typed, Errors: errs, Person: p}
	if errs.Any() {
		web.Render(w, r, http.StatusUnprocessableEntity, privacyPage(v))
		return
	}
	found, err := h.store.Search(r.Context(), p, false)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v.Asked, v.Found = true, found
	web.Render(w, r, http.StatusOK, privacyPage(v))
}

// extract is everything every area holds about the person as one PDF, in
// Latvian, the language the municipality answers in (audited). Nothing
// found is an answer too.
func (h *Handler) extract(w http.ResponseWriter, r *http.Request) {
	now := h.now()
	p, typed, errs := readPerson(r, now)
	if errs.Any() {
		web.Render(w, r, http.StatusUnprocessableEntity, privacyPage(pageView{Form: typed, Errors: errs, Person: p}))
		return
	}
	lv := i18n.WithLocale(r.Context(), "lv")
	found, err := h.store.Search(lv, p, true)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	x := extract{Person: p, At: now, Found: found}
	if u := auth.UserFrom(r.Context()); u != nil {
		x.PreparedBy = u.FullName
	}
	var buf bytes.Buffer
	if err := writeExtract(lv, &buf, x); err != nil {
		web.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="datu-subjekta-pieprasijums-%s.pdf"`, now.In(i18n.Riga).Format("20060102-1504")))
	w.Header().Set("Cache-Control", "private, no-store")
	w.Write(buf.Bytes()) //nolint:errcheck // the client went away
}

// keyNames names the keys a record matched, for the page.
func keyNames(ctx context.Context, keys []Key) string {
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = i18n.T(ctx, "privacy.key."+string(k))
	}
	return strings.Join(names, ", ")
}

// ExtractPath is the address of the PDF extract for a lookup.
func ExtractPath(p Person) string { return "/privacy/extract.pdf?" + p.query() }
