package awards

import (
	"errors"
	"net/http"
	"regexp"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/files"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/mail"
	"github.com/daugavpils/prdesk/internal/web"
)

// The public nomination form: anyone may nominate at a round's own link
// while the round is open, without signing in. A client address may post
// publicBurst forms a minute; the nominator gets a confirmation by mail.

// publicDocLimits are what a public nomination's documents may be: fewer
// and smaller than staff may attach, as anyone can post them.
var publicDocLimits = files.Limits{
	Allowed:    docTypes,
	PerFile:    10 << 20,
	MaxFiles:   5,
	TotalBytes: 20 << 20,
}

// tokenPattern is a round's link token as the store makes it.
var tokenPattern = regexp.MustCompile(`^[A-Z2-7]{20,64}$`)

// publicForm is the public form as typed.
type publicForm struct {
	NomineeKind, NomineeName, BirthDate string
	NominatorKind, NominatorName, Email string
	Justification, Citation             string
	ConsentNominated, ConsentPublish    bool
	Idem                                string
}

type publicView struct {
	R       Round
	Type    Type
	Open    bool
	Form    publicForm
	Errors  form.Errors
	Done    bool
	TooMany bool
	// FilesAgain: the form came back after files were chosen; a browser
	// cannot keep them, so the person is asked to choose them again.
	FilesAgain bool
}

func (h *Handler) tokenRound(r *http.Request) (Round, error) {
	token := chi.URLParam(r, "token")
	if !tokenPattern.MatchString(token) {
		return Round{}, errs.NotFound
	}
	rd, err := h.store.RoundByToken(r.Context(), token)
	if err != nil {
		return rd, err
	}
	// A round still being prepared has no public page yet.
	if rd.Status == Prepared {
		return Round{}, errs.NotFound
	}
	return rd, nil
}

func (h *Handler) publicView(r *http.Request) (publicView, error) {
	rd, err := h.tokenRound(r)
	if err != nil {
		return publicView{}, err
	}
	t, err := h.store.Type(r.Context(), rd.TypeID)
	if err != nil {
		return publicView{}, err
	}
	return publicView{R: rd, Type: t, Open: rd.Accepting(h.store.today())}, nil
}

func (h *Handler) publicPage(w http.ResponseWriter, r *http.Request) {
	v, err := h.publicView(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v.Form = publicForm{NomineeKind: string(Person), NominatorKind: string(ByPerson), Idem: web.FormKey()}
	web.Render(w, r, http.StatusOK, publicNominationPage(v))
}

func (h *Handler) publicNominate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v, err := h.publicView(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	if !h.publicLimit.Allow(r) {
		w.Header().Set("Retry-After", "60")
		v.TooMany = true
		web.Render(w, r, http.StatusTooManyRequests, publicNominationPage(v))
		return
	}
	var up *files.Upload
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		if up, err = h.files.ReadMultipart(w, r, publicDocLimits); err != nil {
			web.Error(w, r, err)
			return
		}
	}
	defer up.Close()
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("awards.public")
	docs := docsOf(ctx, f, up)
	in := publicForm{
		NomineeKind:      string(form.Enum(f, "nominee_kind", true, NomineeKinds)),
		NomineeName:      f.Text("nominee_name", true, 300),
		BirthDate:        strings.TrimSpace(f.Raw("birth_date")),
		NominatorKind:    string(form.Enum(f, "nominator_kind", true, NominatorKinds)),
		NominatorName:    f.Text("nominator_name", true, 300),
		Email:            f.Email("email", true),
		Justification:    f.Text("justification", true, 8000),
		Citation:         f.Text("citation", false, 300),
		ConsentNominated: f.Bool("consent_nominated"),
		ConsentPublish:   f.Bool("consent_publish"),
		Idem:             strings.TrimSpace(f.Raw("idem")),
	}
	if in.Email == "" {
		in.Email = f.Raw("email")
	}
	v.Form = in
	if !idemOK(in.Idem) {
		web.Error(w, r, errs.Invalid)
		return
	}
	if !v.Open {
		f.Add("nominee_name", "awards.public.closed")
	}
	if !in.ConsentNominated && f.Errors.Get("consent_nominated") == "" {
		f.Add("consent_nominated", "awards.public.consent_required")
	}
	n := Nomination{RoundID: v.R.ID, NomineeKind: NomineeKind(in.NomineeKind), NomineeName: in.NomineeName,
		NominatorKind: NominatorKind(in.NominatorKind), NominatorName: in.NominatorName, NominatorEmail: in.Email,
		Justification: in.Justification, Citation: in.Citation, ConsentNominated: in.ConsentNominated,
		ConsentPublish: in.ConsentPublish, Source: "public", IdempotencyKey: in.Idem}
	if d := f.Date("birth_date", false); !d.IsZero() {
		if n.NomineeKind == Person {
			n.NomineeBirthDate = &d
		}
	}
	if n.ConsentNominated || n.ConsentPublish {
		today := h.store.today()
		n.ConsentOn = &today
	}
	status := http.StatusUnprocessableEntity
	if !f.Errors.Any() {
		if _, err := h.store.ByIdempotencyKey(ctx, in.Idem); err == nil {
			v.Done = true
			web.Render(w, r, http.StatusOK, publicNominationPage(v))
			return
		}
		lv := i18n.WithLocale(ctx, "lv")
		msg := mail.Message{To: in.Email, ToName: in.NominatorName, Subject: i18n.T(lv, "awards.public.mail_subject", v.R.Name()),
			Body: i18n.T(lv, "awards.public.mail_body", v.R.Name(), in.NomineeName, dateText(&v.R.ClosesOn))}
		_, err := h.store.CreateNomination(ctx, n, docs, &msg)
		if err == nil || errors.Is(err, errs.KeyUsed) {
			v.Done = true
			web.Render(w, r, http.StatusOK, publicNominationPage(v))
			return
		}
		var ok bool
		if status, ok = f.Refused(err); !ok {
			web.Error(w, r, err)
			return
		}
	}
	v.Errors = f.Errors
	v.FilesAgain = up != nil && (len(up.Files) > 0 || len(up.Problems) > 0)
	web.Render(w, r, status, publicNominationPage(v))
}

var idemPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{8,64}$`)

func idemOK(k string) bool { return idemPattern.MatchString(k) }

// joinDocs lists the documents a statute asks for, in one sentence.
func joinDocs(d []string) string { return strings.Join(d, "; ") }
