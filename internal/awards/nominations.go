package awards

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/files"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/personcode"
	"github.com/daugavpils/prdesk/internal/web"
)

// docTypes are the kinds of document a nomination takes, the same from
// staff's form and from the public one: the only list of them, for both
// forms' allow-lists and their file inputs' accept attribute (docAccept).
var docTypes = []string{files.PDF, files.JPEG, files.PNG, files.DOCX}

// docAccept is docTypes as a file input's accept attribute.
var docAccept = files.Accept(docTypes...)

// docLimits are what a nomination's documents may be.
var docLimits = files.Limits{
	Allowed:  docTypes,
	PerFile:  20 << 20,
	MaxFiles: 10,
}

// nominationForm is a nomination's form as typed.
type nominationForm struct {
	NomineeKind, NominatorKind       string
	Nominee, Nominator               contacts.LookupValue
	NomineeName, NominatorName       string // as a public nomination gave them
	BirthDate, PersonalCode          string
	NominatorEmail                   string
	Justification, Citation          string
	Documents                        []string
	ConsentNominated, ConsentPublish bool
	ConsentOn                        string
	Version                          int
	Idem                             string
}

type nominationView struct {
	ID     int64
	R      Round
	Type   Type
	Form   nominationForm
	Errors form.Errors
}

func (h *Handler) newNominationPage(w http.ResponseWriter, r *http.Request) {
	rd, err := h.pathRound(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	t, err := h.store.Type(r.Context(), rd.TypeID)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, nominationPage(nominationView{R: rd, Type: t,
		Form: nominationForm{NomineeKind: string(Person), NominatorKind: string(ByOrganisation), Idem: web.FormKey()}}))
}

// readNomination checks the nomination's form; now is for the personal
// code's birth date.
func readNomination(f *form.Values, t Type, now time.Time) (nominationForm, Nomination) {
	in := nominationForm{
		NomineeKind:      string(form.Enum(f, "nominee_kind", true, NomineeKinds)),
		NominatorKind:    string(form.Enum(f, "nominator_kind", true, NominatorKinds)),
		Nominee:          contacts.ReadLookup(f, "nominee_id"),
		Nominator:        contacts.ReadLookup(f, "nominator_id"),
		BirthDate:        strings.TrimSpace(f.Raw("birth_date")),
		PersonalCode:     f.Text("personal_code", false, 20),
		NominatorEmail:   f.Email("nominator_email", false),
		Justification:    f.Text("justification", true, 8000),
		Citation:         f.Text("citation", false, 300),
		Documents:        f.Choices("documents", t.Documents...),
		ConsentNominated: f.Bool("consent_nominated"),
		ConsentPublish:   f.Bool("consent_publish"),
		ConsentOn:        strings.TrimSpace(f.Raw("consent_on")),
		Version:          f.Version(),
		Idem:             strings.TrimSpace(f.Raw("idem")),
	}
	n := Nomination{NomineeKind: NomineeKind(in.NomineeKind), NominatorKind: NominatorKind(in.NominatorKind),
		NominatorEmail: in.NominatorEmail, Justification: in.Justification, Citation: in.Citation, Documents: in.Documents,
		ConsentNominated: in.ConsentNominated, ConsentPublish: in.ConsentPublish, Version: in.Version, IdempotencyKey: in.Idem}
	if d := f.Date("birth_date", false); !d.IsZero() {
		if d.After(now) {
			f.Add("birth_date", "awards.nomination.birth_date_future")
		}
		n.NomineeBirthDate = &d
	}
	if in.PersonalCode != "" && f.Errors.Get("personal_code") == "" {
		n.NomineePersonalCode = personcode.Normalise(in.PersonalCode)
		if p := personcode.CheckAt(n.NomineePersonalCode, now); p != personcode.OK {
			f.Add("personal_code", "awards.nomination.personal_code_invalid")
		}
	}
	if n.NomineeKind == Organisation && (n.NomineeBirthDate != nil || n.NomineePersonalCode != "") && f.Errors.Get("birth_date") == "" {
		f.Add("birth_date", "awards.nomination.org_no_birth")
	}
	n.ConsentOn = optDate(f, "consent_on")
	if (n.ConsentNominated || n.ConsentPublish) && n.ConsentOn == nil && f.Errors.Get("consent_on") == "" {
		f.Add("consent_on", "awards.nomination.consent_on_required")
	}
	if n.ConsentOn != nil && n.ConsentOn.After(now) && f.Errors.Get("consent_on") == "" {
		f.Add("consent_on", "awards.nomination.consent_on_future")
	}
	return in, n
}

func lookupKind(kind string) contacts.Kind {
	if kind == string(Person) {
		return contacts.Person
	}
	return contacts.Organisation
}

// resolve makes the lookups picked contacts of the directory; a nominee or
// nominator is required unless the nomination keeps a typed name (old).
func (h *Handler) resolve(ctx context.Context, f *form.Values, in *nominationForm, n *Nomination, old *Nomination) error {
	for _, c := range []struct {
		v     *contacts.LookupValue
		name  string
		kind  string
		id    **int64
		typed string
	}{
		{&in.Nominee, "nominee_id", in.NomineeKind, &n.NomineeContactID, in.NomineeName},
		{&in.Nominator, "nominator_id", map[bool]string{true: "person", false: "organisation"}[in.NominatorKind == string(ByPerson)], &n.NominatorContactID, in.NominatorName},
	} {
		if h.contacts != nil && f.Errors.Get(c.name) == "" {
			if err := h.contacts.Resolve(ctx, f, c.v, c.name, lookupKind(c.kind)); err != nil {
				return err
			}
		}
		if id := c.v.ID; id != 0 {
			*c.id = &id
		} else if c.typed == "" && f.Errors.Get(c.name) == "" {
			f.Missing(c.name)
		}
	}
	if old != nil {
		if n.NomineeContactID == nil {
			n.NomineeName = old.NomineeName
		}
		if n.NominatorContactID == nil {
			n.NominatorName = old.NominatorName
		}
	}
	return nil
}

func (h *Handler) upload(w http.ResponseWriter, r *http.Request) (*files.Upload, error) {
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		return nil, nil
	}
	return h.files.ReadMultipart(w, r, docLimits)
}

func docsOf(ctx context.Context, f *form.Values, up *files.Upload) []*files.Staged {
	if up == nil {
		return nil
	}
	for _, p := range up.Problems {
		msg, _ := files.Message(ctx, p.Err)
		f.Errors.Add("files", msg)
	}
	return up.Field("files")
}

func (h *Handler) createNomination(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	rd, err := h.pathRound(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	t, err := h.store.Type(ctx, rd.TypeID)
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
	f.Messages("awards.nomination")
	in, n := readNomination(f, t, h.now())
	if err := h.resolve(ctx, f, &in, &n, nil); err != nil {
		web.Error(w, r, err)
		return
	}
	n.RoundID = rd.ID
	o := web.Once{Key: in.Idem, ByKey: h.store.ByIdempotencyKey, URL: nominationURL, Saved: "awards.nomination.saved",
		Already: "awards.already_saved"}
	if web.MadeBefore(w, r, h.sessions, o) {
		return
	}
	docs := docsOf(ctx, f, up)
	status, done := web.CreateOnce(w, r, h.sessions, f, o, func() (int64, error) { return h.store.CreateNomination(ctx, n, docs, nil) })
	if done {
		return
	}
	web.Render(w, r, status, nominationPage(nominationView{R: rd, Type: t, Form: in, Errors: f.Errors}))
}

func (h *Handler) pathNomination(r *http.Request) (Nomination, error) {
	id, err := web.PathID(r, "id")
	if err != nil {
		return Nomination{}, err
	}
	return h.store.Nomination(r.Context(), id)
}

func (h *Handler) editNominationPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	n, err := h.pathNomination(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	rd, err := h.store.Round(ctx, n.RoundID)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	t, err := h.store.Type(ctx, rd.TypeID)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, nominationPage(nominationView{ID: n.ID, R: rd, Type: t, Form: formOf(n)}))
}

// formOf is the nomination as its edit form shows it.
func formOf(n Nomination) nominationForm {
	f := nominationForm{NomineeKind: string(n.NomineeKind), NominatorKind: string(n.NominatorKind),
		BirthDate: dateValue(n.NomineeBirthDate), PersonalCode: n.NomineePersonalCode, NominatorEmail: n.NominatorEmail,
		Justification: n.Justification, Citation: n.Citation, Documents: n.Documents, ConsentNominated: n.ConsentNominated,
		ConsentPublish: n.ConsentPublish, ConsentOn: dateValue(n.ConsentOn), Version: n.Version}
	if n.NomineeContactID != nil {
		f.Nominee = contacts.LookupValue{ID: *n.NomineeContactID, Label: n.NomineeName}
	} else {
		f.NomineeName = n.NomineeName
	}
	if n.NominatorContactID != nil {
		f.Nominator = contacts.LookupValue{ID: *n.NominatorContactID, Label: n.NominatorName}
	} else {
		f.NominatorName = n.NominatorName
	}
	return f
}

func (h *Handler) updateNomination(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	old, err := h.pathNomination(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	rd, err := h.store.Round(ctx, old.RoundID)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	t, err := h.store.Type(ctx, rd.TypeID)
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
	f.Messages("awards.nomination")
	in, n := readNomination(f, t, h.now())
	in.NomineeName, in.NominatorName = stored(old.NomineeContactID, old.NomineeName), stored(old.NominatorContactID, old.NominatorName)
	if err := h.resolve(ctx, f, &in, &n, &old); err != nil {
		web.Error(w, r, err)
		return
	}
	n.ID, n.RoundID, n.IdempotencyKey = old.ID, old.RoundID, ""
	docs := docsOf(ctx, f, up)
	status, done := web.SaveEdit(w, r, h.sessions, f, nominationURL(old.ID), "awards.nomination.saved", func() error {
		return h.store.UpdateNomination(ctx, n, docs)
	})
	if done {
		return
	}
	web.Render(w, r, status, nominationPage(nominationView{ID: old.ID, R: rd, Type: t, Form: in, Errors: f.Errors}))
}

func (v nominationView) action() string {
	if v.ID == 0 {
		return roundURL(v.R.ID) + "/nominations"
	}
	return nominationURL(v.ID) + "/edit"
}

// nominationCardView is one nomination with its eligibility, documents and history.
type nominationCardView struct {
	N        Nomination
	R        Round
	Type     Type
	Problems []Problem
	Files    []NominationFile
	Timeline []TimelineLine
}

func (h *Handler) nominationCard(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := web.PathID(r, "id")
	if err != nil {
		web.Error(w, r, err)
		return
	}
	n, err := h.store.OpenNomination(ctx, id)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v := nominationCardView{N: n}
	if v.R, err = h.store.Round(ctx, n.RoundID); err != nil {
		web.Error(w, r, err)
		return
	}
	if v.Type, err = h.store.Type(ctx, v.R.TypeID); err != nil {
		web.Error(w, r, err)
		return
	}
	if !n.Removed {
		if v.Problems, err = h.store.Problems(ctx, n); err != nil {
			web.Error(w, r, err)
			return
		}
	}
	if v.Files, err = h.store.Files(ctx, n.ID); err != nil {
		web.Error(w, r, err)
		return
	}
	if v.Timeline, err = h.store.Timeline(ctx, "award_nomination", n.ID); err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, nominationCardPage(v))
}

// serveFile serves a nomination's document, and only its own.
func (h *Handler) serveFile(w http.ResponseWriter, r *http.Request, nominationID int64) {
	ctx := r.Context()
	fileID, err := web.PathID(r, "fileID")
	if err != nil {
		web.Error(w, r, err)
		return
	}
	if err := h.store.NominationFileOf(ctx, nominationID, fileID); err != nil {
		web.Error(w, r, err)
		return
	}
	f, rc, err := h.files.Open(ctx, fileID)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	defer rc.Close()
	files.Serve(w, r, f, rc, form.URLValues(r).Get("download") != "1")
}

func (h *Handler) nominationFile(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		web.Error(w, r, err)
		return
	}
	h.serveFile(w, r, id)
}

// scoredFile is a document of a nomination the member may open.
func (h *Handler) scoredFile(w http.ResponseWriter, r *http.Request) {
	v, err := h.pathScored(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	h.serveFile(w, r, v.N.ID)
}

func has(list []string, s string) bool { return slices.Contains(list, s) }
