package contacts

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/daugavpils/prdesk/internal/export"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

// The directory's list exported as the filter stands: CSV and XLSX for a
// spreadsheet (export neutralises what could run as a formula), vCard 3.0
// or 4.0 for an address book. The CSV's header is what the import guesses
// its columns from, so an exported file comes back in as it went out.

// XLSXMaxRows caps a spreadsheet export; past it a note row says so.
const XLSXMaxRows = 100_000

// exportColumns are the export's columns, as keys of contacts.import.yaml's
// field names (the import reads the same words back).
var exportColumns = []string{"kind", "given_name", "family_name", "name", "name_original", "org_type", "organisation",
	"position", "emails", "phones", "country", "city", "address", "website", "tags", "notes",
	"legal_basis", "source", "opt_out"}

func exportHeader(ctx context.Context) []string {
	out := make([]string, len(exportColumns))
	for i, k := range exportColumns {
		out[i] = i18n.T(ctx, "contacts.import.field."+k)
	}
	return out
}

// exportLine is one contact as the export's cells.
func exportLine(ctx context.Context, r ExportRow) []string {
	c := r.Contact
	orgType, basis, optOut := "", "", ""
	if c.OrgType != "" {
		orgType = i18n.T(ctx, "contacts.org_type."+string(c.OrgType))
	}
	if c.LegalBasis != "" {
		basis = i18n.T(ctx, "contacts.basis."+string(c.LegalBasis))
	}
	if c.OptOut {
		optOut = i18n.T(ctx, "contacts.import.yes")
	}
	return []string{i18n.T(ctx, "contacts.kind."+string(c.Kind)), c.GivenName, c.FamilyName, c.Name, c.NameOriginal,
		orgType, r.OrgName, c.Position, strings.Join(c.Emails, ", "), strings.Join(c.Phones, ", "),
		countryName(ctx, c.Country), c.City, c.Address, c.Website, strings.Join(c.Tags, ", "), c.Notes, basis, c.Source, optOut}
}

func countryName(ctx context.Context, code string) string {
	if code == "" {
		return ""
	}
	if k := "contacts.countries." + code; i18n.Has(ctx, k) {
		return i18n.T(ctx, k)
	}
	return code
}

// filterWords is the filter as the audit log's summary says it, in
// Latvian; what was typed into the search is only said to be there (it may
// be a name: the details hold it).
func filterWords(ctx context.Context, f ListFilter) string {
	lv := i18n.WithLocale(ctx, "lv")
	var parts []string
	add := func(label, value string) { parts = append(parts, label+" — "+value) }
	if f.Q != "" {
		parts = append(parts, "meklēts teksts")
	}
	if f.Kind != "" {
		add("veids", strings.ToLower(i18n.T(lv, "contacts.kind."+string(f.Kind))))
	}
	if f.OrgType != "" {
		add("organizācijas veids", strings.ToLower(i18n.T(lv, "contacts.org_type."+string(f.OrgType))))
	}
	if f.Country != "" {
		add("valsts", i18n.T(lv, "contacts.countries."+f.Country))
	}
	if f.Topic != "" {
		add("tēma", strings.ToLower(i18n.T(lv, "contacts.topic."+f.Topic)))
	}
	if f.Language != "" {
		add("valoda", i18n.T(lv, "contacts.language."+f.Language))
	}
	if f.Tag != "" {
		parts = append(parts, "birka")
	}
	if f.OptedOut {
		parts = append(parts, "tikai atteikušies no sūtījumiem")
	}
	if len(parts) == 0 {
		return "bez atlases"
	}
	return "atlase: " + strings.Join(parts, ", ")
}

// readExport reads the list's filters for an export; bad filters answer
// with the list page and its messages, and false.
func (h *Handler) readExport(w http.ResponseWriter, r *http.Request, format string) (ExportQuery, bool) {
	_, f, fieldErrs := readListForm(r)
	if fieldErrs.Any() {
		h.list(w, r)
		return ExportQuery{}, false
	}
	return ExportQuery{Filter: f, Format: format, Words: filterWords(r.Context(), f),
		Query: filterQuery(form.URLValues(r)).Encode()}, true
}

func exportName(ext string, now time.Time) string {
	return "kontakti-" + now.In(i18n.Riga).Format("2006-01-02") + "." + ext
}

// exportCSV streams the rows as they come, so a large directory stays small
// in memory; the file begins only when the first row (or the end) comes, so
// a failing query still gets an error page.
func (h *Handler) exportCSV(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q, ok := h.readExport(w, r, "CSV")
	if !ok {
		return
	}
	var out *export.CSV
	begin := func() error {
		if out != nil {
			return nil
		}
		export.Attach(w, export.CSVType, exportName("csv", h.now()))
		var err error
		if out, err = export.NewCSV(w); err != nil {
			return err
		}
		return out.Row(exportHeader(ctx)...)
	}
	err := h.store.Export(ctx, q, ExportWriter{
		Row: func(row ExportRow) error {
			if err := begin(); err != nil {
				return err
			}
			return out.Row(exportLine(ctx, row)...)
		},
		Finish: func(int, bool) error {
			if err := begin(); err != nil {
				return err
			}
			return out.Flush()
		},
	})
	if err != nil {
		if out == nil {
			web.Error(w, r, err)
			return
		}
		slog.DebugContext(ctx, "contacts csv export", "err", err) // a client gone mid-download
	}
}

// exportXLSX writes a spreadsheet through export.XLSX: text stays text (a
// cell typed "=1+1" is a string, never a formula).
func (h *Handler) exportXLSX(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q, ok := h.readExport(w, r, "XLSX")
	if !ok {
		return
	}
	q.Limit = XLSXMaxRows
	var x *export.XLSX
	defer func() {
		if x != nil {
			x.Close()
		}
	}()
	err := h.store.Export(ctx, q, ExportWriter{
		Begin: func(n int, cut bool) error {
			if cut {
				n++ // the note
			}
			var err error
			x, err = export.NewXLSX(i18n.T(ctx, "contacts.import.sheet"), i18n.T(ctx, "contacts.title"), h.now(), exportHeader(ctx), n)
			if err != nil {
				return err
			}
			return x.Width(1, len(exportColumns), 20)
		},
		Row: func(row ExportRow) error {
			cells := exportLine(ctx, row)
			out := make([]any, len(cells))
			for i, s := range cells {
				out[i] = s // a string cell: never a formula, so no apostrophe needed
			}
			return x.Row(out...)
		},
		Finish: func(n int, cut bool) error {
			if cut {
				return x.Note(i18n.T(ctx, "contacts.import.export_cut", i18n.Number(XLSXMaxRows)))
			}
			return nil
		},
	})
	if err != nil {
		web.Error(w, r, err)
		return
	}
	export.Attach(w, export.XLSXType, exportName("xlsx", h.now()))
	if _, err := x.WriteTo(w); err != nil {
		slog.DebugContext(ctx, "contacts xlsx export", "err", err)
	}
}

// VCardType is the content type of a vCard file.
const VCardType = "text/vcard; charset=utf-8"

// exportVCard writes one card a contact, in version 3.0 or 4.0 (the
// "version" parameter; 4.0 when absent).
func (h *Handler) exportVCard(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	version := form.URLValues(r).Get("version")
	if version != "3.0" {
		version = "4.0"
	}
	q, ok := h.readExport(w, r, "vCard "+version)
	if !ok {
		return
	}
	var out *vcardWriter
	begin := func() {
		if out == nil {
			export.Attach(w, VCardType, strings.TrimSuffix(exportName("vcf", h.now()), ".vcf")+"-v"+version[:1]+".vcf")
			v := newVCardWriter(w)
			out = &v
		}
	}
	err := h.store.Export(ctx, q, ExportWriter{
		Row: func(row ExportRow) error {
			begin()
			return writeVCard(*out, version, row, countryName(ctx, row.Country))
		},
		Finish: func(int, bool) error {
			begin()
			return out.flush()
		},
	})
	if err != nil {
		if out == nil {
			web.Error(w, r, err)
			return
		}
		slog.DebugContext(ctx, "contacts vcard export", "err", err)
	}
}
