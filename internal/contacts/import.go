package contacts

import (
	"context"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

// Importing a file into the directory: the upload (a CSV or vCard file),
// the preview (the columns' mapping, each row's verdict, paged by row
// number), and the save that the preview confirms. The file waits on the
// server under a random token that only its uploader can open; nothing of
// it is saved in the directory until the confirm.

// uploadView is the upload page.
type uploadView struct {
	Errors form.Errors
}

// previewView is the preview page.
type previewView struct {
	Import  Import
	Rows    []PreviewRow
	Verdict string // the rows shown: "" all, or one verdict
	Next    string // the next page's address
	First   string
	Errors  form.Errors
	Options importForm
	vocab   importVocab
}

// importForm is the confirm form as typed.
type importForm struct {
	LegalBasis, ConsentDate, Source, OrgType string
}

func (h *Handler) importPage(w http.ResponseWriter, r *http.Request) {
	web.Render(w, r, http.StatusOK, uploadPage(uploadView{}))
}

// upload reads the file (at most MaxImportBytes), keeps it and opens its
// preview; a file refused is said beside the field, 422.
func (h *Handler) upload(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	fail := func(key string, args ...any) {
		var e form.Errors
		e.Add("file", i18n.T(ctx, key, args...))
		web.Render(w, r, http.StatusUnprocessableEntity, uploadPage(uploadView{Errors: e}))
	}
	name, b, tooLarge, err := readUpload(w, r)
	switch {
	case err != nil:
		web.Error(w, r, err)
		return
	case tooLarge:
		fail("contacts.import.err_too_large", MaxImportBytes>>20)
		return
	case name == "" && len(b) == 0:
		fail("contacts.import.err_no_file")
		return
	}
	pf, err := ParseImport(name, b)
	if fe, ok := errs.AsField(err); ok {
		fail(fe.Key, fe.Args...)
		return
	}
	if err != nil {
		web.Error(w, r, err)
		return
	}
	token, err := h.store.Stage(ctx, auth.UserFrom(ctx).ID, form.StripBidi(name), pf)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.Redirect(w, r, previewURL(token, "", 0))
}

// readUpload reads the "file" part of a multipart form: its name and bytes,
// or tooLarge past MaxImportBytes. A body that is not multipart reads as
// no file.
func readUpload(w http.ResponseWriter, r *http.Request) (name string, b []byte, tooLarge bool, err error) {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct != "multipart/form-data" {
		return "", nil, false, nil
	}
	// The file, its headers and the form around it; a larger body is
	// refused (413) rather than read.
	r.Body = http.MaxBytesReader(w, r.Body, 2*MaxImportBytes+1<<20)
	mr, err := r.MultipartReader()
	if err != nil {
		return "", nil, false, nil
	}
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			return name, b, tooLarge, nil
		}
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return "", nil, true, nil
			}
			return "", nil, false, nil
		}
		if p.FormName() != "file" || b != nil || tooLarge {
			io.Copy(io.Discard, p)
			continue
		}
		name = p.FileName()
		b, err = io.ReadAll(io.LimitReader(p, MaxImportBytes+1))
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return "", nil, true, nil
			}
			return "", nil, false, err
		}
		if len(b) > MaxImportBytes {
			b, tooLarge = nil, true
			if _, err := io.Copy(io.Discard, p); err != nil {
				return "", nil, true, nil
			}
		}
	}
}

func previewURL(token, verdict string, after int) string {
	q := url.Values{"t": {token}}
	if verdict != "" {
		q.Set("verdict", verdict)
	}
	if after > 0 {
		q.Set("after", strconv.Itoa(after))
	}
	return "/contacts/import/preview?" + q.Encode()
}

// gone sends the person back to the upload: the import was saved,
// discarded, or its time ran out.
func (h *Handler) gone(w http.ResponseWriter, r *http.Request) {
	web.RedirectWithFlash(w, r, h.sessions, "/contacts/import", i18n.T(r.Context(), "contacts.import.gone"))
}

func (h *Handler) preview(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := form.URLValues(r)
	im, err := h.store.OpenImport(ctx, auth.UserFrom(ctx).ID, q.Get("t"))
	if errors.Is(err, ErrImportGone) {
		h.gone(w, r)
		return
	}
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v := previewView{Import: im, Options: importForm{LegalBasis: string(LegitimateInterest), OrgType: string(Company)}}
	h.renderPreview(w, r, http.StatusOK, v, q.Get("verdict"), q.Get("after"))
}

// renderPreview reads the page of rows after the cursor and draws the preview.
func (h *Handler) renderPreview(w http.ResponseWriter, r *http.Request, status int, v previewView, verdict, afterText string) {
	ctx := r.Context()
	if !contains(Verdicts, verdict) {
		verdict = ""
	}
	after, _ := strconv.Atoi(afterText)
	if after < 0 {
		after = 0
	}
	rows, more, err := h.store.PreviewPage(ctx, v.Import.ID, after, verdict, ImportPageSize)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v.Rows, v.Verdict, v.vocab = rows, verdict, newImportVocab()
	if more {
		v.Next = previewURL(v.Import.Token, verdict, rows[len(rows)-1].N)
	}
	if after > 0 {
		v.First = previewURL(v.Import.Token, verdict, 0)
	}
	web.Render(w, r, status, previewPage(v))
}

// remap checks the rows again with the columns mapped as chosen.
func (h *Handler) remap(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	token := f.Raw("t")
	user := auth.UserFrom(ctx).ID
	im, err := h.store.OpenImport(ctx, user, token)
	if errors.Is(err, ErrImportGone) {
		h.gone(w, r)
		return
	}
	if err != nil {
		web.Error(w, r, err)
		return
	}
	mapping := make([]string, len(im.Headers))
	used := map[string]bool{}
	for i := range mapping {
		m := f.Raw("col" + strconv.Itoa(i))
		if !contains(ImportFields, m) {
			continue
		}
		if used[m] {
			// One column a field: the same field twice is refused beside the second.
			f.Add("col"+strconv.Itoa(i), "contacts.import.err_mapped_twice", i18n.T(ctx, "contacts.import.field."+m))
		}
		used[m] = true
		mapping[i] = m
	}
	if f.Errors.Any() {
		im.Mapping = mapping
		h.renderPreview(w, r, http.StatusUnprocessableEntity, previewView{Import: im, Errors: f.Errors,
			Options: importForm{LegalBasis: string(LegitimateInterest), OrgType: string(Company)}}, "", "")
		return
	}
	if err := h.store.Remap(ctx, user, token, mapping); errors.Is(err, ErrImportGone) {
		h.gone(w, r)
		return
	} else if err != nil {
		web.Error(w, r, err)
		return
	}
	web.RedirectWithFlash(w, r, h.sessions, previewURL(token, "", 0), i18n.T(ctx, "contacts.import.remapped"))
}

// confirm saves the new rows, with the legal basis and source chosen.
func (h *Handler) confirm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("contacts.import.form")
	token := f.Raw("t")
	user := auth.UserFrom(ctx).ID
	im, err := h.store.OpenImport(ctx, user, token)
	if errors.Is(err, ErrImportGone) {
		h.gone(w, r)
		return
	}
	if err != nil {
		web.Error(w, r, err)
		return
	}
	in := importForm{LegalBasis: f.Raw("legal_basis"), ConsentDate: strings.TrimSpace(f.Raw("consent_date")),
		Source: f.Text("source", true, 300), OrgType: f.Raw("org_type")}
	o := ImportOptions{Source: in.Source}
	o.LegalBasis = form.Enum(f, "legal_basis", true, LegalBases)
	o.OrgType = form.Enum(f, "org_type", true, OrgTypes)
	if o.LegalBasis == Consent {
		if d := f.Date("consent_date", true); !d.IsZero() {
			o.ConsentDate = &d
		}
	}
	if im.New == 0 {
		f.Add("source", "contacts.import.err_nothing_new")
	}
	if f.Errors.Any() {
		h.renderPreview(w, r, http.StatusUnprocessableEntity, previewView{Import: im, Errors: f.Errors, Options: in}, "", "")
		return
	}
	res, err := h.store.Confirm(ctx, user, token, o)
	if errors.Is(err, ErrImportGone) {
		h.gone(w, r)
		return
	}
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.RedirectWithFlash(w, r, h.sessions, "/contacts", i18n.T(ctx, "contacts.import.saved", res.People, res.Orgs+res.NewOrgs,
		res.Duplicate+res.Invalid))
}

// discard removes the uploaded file unsaved.
func (h *Handler) discard(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	if err := h.store.Discard(ctx, auth.UserFrom(ctx).ID, f.Raw("t")); err != nil && !errors.Is(err, ErrImportGone) {
		web.Error(w, r, err)
		return
	}
	web.RedirectWithFlash(w, r, h.sessions, "/contacts/import", i18n.T(ctx, "contacts.import.discarded"))
}

// rowView is a preview row as read through the mapping, for the table.
type rowView struct {
	Name, Kind, Org, Position, Reach string
	Raw                              string // the cells, when the row could not be read
}

func previewRowView(ctx context.Context, v previewView, p PreviewRow) rowView {
	ir, verdict := readImportRow(v.vocab, v.Import.Mapping, len(v.Import.Headers), ImportRow{N: p.N, Line: p.Line, Cells: p.Cells})
	if verdict.Verdict == VerdictInvalid {
		var cells []string
		for _, c := range p.Cells {
			if c = strings.TrimSpace(c); c != "" && !strings.HasPrefix(c, vcardBadVersion) {
				cells = append(cells, c)
			}
		}
		raw := strings.Join(cells, " · ")
		return rowView{Raw: truncate(raw, 160)}
	}
	c := ir.C
	reach := append(append([]string{}, c.Emails...), phoneTexts(c.Phones)...)
	return rowView{Name: c.Name, Kind: i18n.T(ctx, "contacts.kind."+string(c.Kind)), Org: ir.Org, Position: c.Position,
		Reach: strings.Join(reach, ", ")}
}

// orgAndPosition is "Organisation, position", either alone when the other is missing.
func orgAndPosition(rv rowView) string {
	return strings.Join(nonEmpty(rv.Org, rv.Position), ", ")
}

func phoneTexts(p []string) []string {
	out := make([]string, len(p))
	for i, x := range p {
		out[i] = phoneText(x)
	}
	return out
}

// verdictReasonText is a row's reason in the person's language.
func verdictReasonText(ctx context.Context, v Verdict) string {
	if v.Reason == "" {
		return ""
	}
	args := make([]any, len(v.Args))
	for i, a := range v.Args {
		if strings.HasPrefix(a, "contacts.import.field.") {
			args[i] = i18n.T(ctx, a)
		} else {
			args[i] = a
		}
	}
	return i18n.T(ctx, "contacts.import.reason."+v.Reason, args...)
}

// mappingOptions are a column's choices: not imported, or a field.
func mappingOptions(ctx context.Context, selected string) []optionT {
	out := []optionT{{Value: "", Label: i18n.T(ctx, "contacts.import.not_imported"), Selected: selected == ""}}
	for _, f := range ImportFields {
		out = append(out, optionT{Value: f, Label: i18n.T(ctx, "contacts.import.field."+f), Selected: f == selected})
	}
	return out
}

// headerLabel is a column's header as the mapping shows it: a CSV's own,
// or the field a vCard's property was read into.
func headerLabel(ctx context.Context, im Import, i int) string {
	if im.Format == FormatVCard {
		return i18n.T(ctx, "contacts.import.field."+im.Headers[i])
	}
	if strings.TrimSpace(im.Headers[i]) == "" {
		return i18n.T(ctx, "contacts.import.column", i+1)
	}
	return im.Headers[i]
}

// encodingText says which encoding the file was read in.
func encodingText(ctx context.Context, im Import) string {
	return i18n.T(ctx, "contacts.import.encoding."+strings.ReplaceAll(im.Encoding, "-", "_"))
}

func separatorText(ctx context.Context, im Import) string {
	switch im.Separator {
	case ";":
		return i18n.T(ctx, "contacts.import.sep_semicolon")
	case "\t":
		return i18n.T(ctx, "contacts.import.sep_tab")
	}
	return i18n.T(ctx, "contacts.import.sep_comma")
}

func verdictTone(v string) string {
	switch v {
	case VerdictNew:
		return "ok"
	case VerdictDuplicate:
		return "warn"
	}
	return "bad"
}

func itoa(n int) string { return strconv.Itoa(n) }
