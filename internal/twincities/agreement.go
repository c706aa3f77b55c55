package twincities

import (
	"context"
	"crypto/rand"
	"errors"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/files"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

// scanLimits are what an agreement's scan may be: one PDF or image.
var scanLimits = files.Limits{
	Allowed:  []string{files.PDF, files.JPEG, files.PNG, files.TIFF},
	PerFile:  25 << 20,
	MaxFiles: 1,
}

var idemPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{8,64}$`)

// newKey is the hidden idempotency key a rendered form carries.
func newKey() string { return rand.Text() }

// agreementForm is the agreement's form as typed.
type agreementForm struct {
	City, CityOriginal, Country                    string
	PartnerOrg, OurCoordinator, PartnerCoordinator contacts.LookupValue
	SignedOn, Status, ReviewOn, Notes              string
	Languages, Fields                              []string
	Version                                        int
	Idem                                           string
	ScanFileID                                     *int64
}

type agreementView struct {
	ID     int64 // 0 for a new agreement
	Form   agreementForm
	Errors form.Errors
}

// dateValue is a date as a form shows it: 16.05.2003.
func dateValue(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format("02.01.2006.")
}

func idValue(p *int64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatInt(*p, 10)
}

func (h *Handler) newPage(w http.ResponseWriter, r *http.Request) {
	h.renderAgreement(w, r, http.StatusOK, agreementView{Form: agreementForm{Status: string(Active), Idem: newKey()}})
}

func (h *Handler) renderAgreement(w http.ResponseWriter, r *http.Request, status int, v agreementView) {
	web.Render(w, r, status, agreementPage(v))
}

func (h *Handler) editPage(w http.ResponseWriter, r *http.Request) {
	a, err := h.pathAgreement(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	names, err := h.store.Contacts(r.Context(), contactIDs([]Agreement{a}))
	if err != nil {
		web.Error(w, r, err)
		return
	}
	picked := func(id *int64) contacts.LookupValue {
		if id == nil {
			return contacts.LookupValue{}
		}
		return contacts.LookupValue{ID: *id, Label: names[*id].Name}
	}
	f := agreementForm{City: a.City, CityOriginal: a.CityOriginal, Country: a.Country,
		PartnerOrg: picked(a.PartnerOrgID), OurCoordinator: picked(a.OurCoordinatorID),
		PartnerCoordinator: picked(a.PartnerCoordinatorID), SignedOn: dateValue(a.SignedOn),
		Status: string(a.Status), ReviewOn: dateValue(a.ReviewOn), Notes: a.Notes, Languages: a.Languages,
		Fields: fieldStrings(a.Fields), Version: a.Version, ScanFileID: a.ScanFileID}
	h.renderAgreement(w, r, http.StatusOK, agreementView{ID: a.ID, Form: f})
}

func (h *Handler) pathAgreement(r *http.Request) (Agreement, error) {
	id, err := web.PathID(r, "id")
	if err != nil {
		return Agreement{}, err
	}
	return h.store.Agreement(r.Context(), id)
}

// readAgreement checks the form; the database's checks are repeated here
// so that each refusal has its message beside its field.
func readAgreement(f *form.Values) (agreementForm, Agreement) {
	in := agreementForm{
		City:               f.Text("city", true, 200),
		CityOriginal:       f.Text("city_original", false, 200),
		Country:            string(form.Enum(f, "country", true, Countries)),
		PartnerOrg:         contacts.ReadLookup(f, "partner_org_id"),
		OurCoordinator:     contacts.ReadLookup(f, "our_coordinator_id"),
		PartnerCoordinator: contacts.ReadLookup(f, "partner_coordinator_id"),
		SignedOn:           trimmed(f.Raw("signed_on")),
		Status:             string(form.Enum(f, "status", true, Statuses)),
		ReviewOn:           trimmed(f.Raw("review_on")),
		Notes:              f.Text("notes", false, 4000),
		Languages:          f.Choices("languages", Languages...),
		Fields:             f.Choices("fields", fieldStrings(Fields)...),
		Version:            f.Version(),
		Idem:               trimmed(f.Raw("idem")),
	}
	if in.Country == "" {
		in.Country = f.Raw("country")
	}
	a := Agreement{City: in.City, CityOriginal: in.CityOriginal, Country: in.Country, Status: Status(in.Status),
		Notes: in.Notes, Languages: in.Languages, Version: in.Version, IdempotencyKey: in.Idem}
	for _, s := range in.Fields {
		a.Fields = append(a.Fields, Field(s))
	}
	if d := f.Date("signed_on", false); !d.IsZero() {
		a.SignedOn = &d
	}
	if d := f.Date("review_on", false); !d.IsZero() {
		a.ReviewOn = &d
	}
	for _, p := range a.Check() {
		if f.Errors.Get(p[0]) == "" && (p[0] != "signed_on" || in.Status != "") {
			f.Add(p[0], p[1])
		}
	}
	return in, a
}

// resolveContacts makes the lookup fields picked contacts of the directory
// (or adds their refusals to f), and puts their ids on a; the rules
// between them are checked again once they are known.
func (h *Handler) resolveContacts(ctx context.Context, f *form.Values, in *agreementForm, a *Agreement) error {
	for _, c := range []struct {
		v    *contacts.LookupValue
		name string
		kind contacts.Kind
		id   **int64
	}{
		{&in.PartnerOrg, "partner_org_id", contacts.Organisation, &a.PartnerOrgID},
		{&in.OurCoordinator, "our_coordinator_id", contacts.Person, &a.OurCoordinatorID},
		{&in.PartnerCoordinator, "partner_coordinator_id", contacts.Person, &a.PartnerCoordinatorID},
	} {
		if h.contacts != nil {
			if err := h.contacts.Resolve(ctx, f, c.v, c.name, c.kind); err != nil {
				return err
			}
		}
		if id := c.v.ID; id != 0 {
			*c.id = &id
		}
	}
	for _, p := range a.Check() {
		if p[0] == "partner_coordinator_id" && f.Errors.Get(p[0]) == "" {
			f.Add(p[0], p[1])
		}
	}
	return nil
}

// upload reads a multipart form's scan; a refused file is an error beside
// the field. The caller closes the upload.
func (h *Handler) upload(w http.ResponseWriter, r *http.Request) (*files.Upload, error) {
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		return nil, nil
	}
	return h.files.ReadMultipart(w, r, scanLimits)
}

func scanOf(ctx context.Context, f *form.Values, up *files.Upload) *files.Staged {
	if up == nil {
		return nil
	}
	for _, p := range up.Problems {
		msg, _ := files.Message(ctx, p.Err)
		f.Errors.Add("scan", msg)
	}
	if s := up.Field("scan"); len(s) > 0 {
		return s[0]
	}
	return nil
}

func (h *Handler) create(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	up, err := h.upload(w, r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	defer up.Close()
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("twincities.form")
	in, a := readAgreement(f)
	if err := h.resolveContacts(ctx, f, &in, &a); err != nil {
		web.Error(w, r, err)
		return
	}
	if !idemPattern.MatchString(in.Idem) {
		web.Error(w, r, errs.Invalid)
		return
	}
	// Sent again after it went through: show what was made.
	if id, err := h.store.ByIdempotencyKey(ctx, in.Idem); err == nil {
		web.RedirectWithFlash(w, r, h.sessions, agreementURL(id), i18n.T(ctx, "twincities.form.already_saved"))
		return
	} else if !errors.Is(err, errs.NotFound) {
		web.Error(w, r, err)
		return
	}
	scan := scanOf(ctx, f, up)
	status := http.StatusUnprocessableEntity
	if !f.Errors.Any() {
		id, err := h.store.Create(ctx, a, scan)
		if errors.Is(err, ErrDuplicateKey) {
			if id, err = h.store.ByIdempotencyKey(ctx, in.Idem); err == nil {
				web.RedirectWithFlash(w, r, h.sessions, agreementURL(id), i18n.T(ctx, "twincities.form.already_saved"))
				return
			}
		}
		if err == nil {
			web.RedirectWithFlash(w, r, h.sessions, agreementURL(id), i18n.T(ctx, "twincities.form.saved", a.City))
			return
		}
		var ok bool
		if status, ok = f.Refused(err); !ok {
			web.Error(w, r, err)
			return
		}
	}
	h.renderAgreement(w, r, status, agreementView{Form: in, Errors: f.Errors})
}

func (h *Handler) update(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	old, err := h.pathAgreement(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	up, err := h.upload(w, r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	defer up.Close()
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("twincities.form")
	in, a := readAgreement(f)
	if err := h.resolveContacts(ctx, f, &in, &a); err != nil {
		web.Error(w, r, err)
		return
	}
	a.ID, a.IdempotencyKey = old.ID, ""
	in.ScanFileID = old.ScanFileID
	scan := scanOf(ctx, f, up)
	status := http.StatusUnprocessableEntity
	if !f.Errors.Any() {
		err := h.store.Update(ctx, a, scan)
		if err == nil {
			web.RedirectWithFlash(w, r, h.sessions, agreementURL(a.ID), i18n.T(ctx, "twincities.form.saved", a.City))
			return
		}
		var ok bool
		if status, ok = f.Refused(err); !ok {
			web.Error(w, r, err)
			return
		}
	}
	h.renderAgreement(w, r, status, agreementView{ID: old.ID, Form: in, Errors: f.Errors})
}

func (v agreementView) action() string {
	if v.ID == 0 {
		return "/twincities"
	}
	return agreementURL(v.ID) + "/edit"
}

func has(list []string, s string) bool { return slices.Contains(list, s) }
