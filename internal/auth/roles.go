// Package auth holds users, roles and the one table of permissions, sign-in
// and sign-out, password hashing, and the router through which every route
// declares the permission it needs.
package auth

import (
	"slices"

	"github.com/daugavpils/prdesk/internal/errs"
)

// Role is what a person does in the department; a user may hold several.
type Role string

const (
	RoleAdmin      Role = "admin"      // system administrator: accounts, audit log, calendar; sees no personal data
	RoleHead       Role = "head"       // head of the department (or the acting head)
	RoleStaff      Role = "staff"      // department specialist
	RoleClerk      Role = "clerk"      // front-desk clerk: visitors and registering submissions
	RoleDirector   Role = "director"   // executive director: reads reports
	RoleManagement Role = "management" // council chair and deputy chairs: resolutions, reception hours
	RoleDeputy     Role = "deputy"     // council deputy holding reception hours
	// A municipal unit's or company's staff member: submits what they want
	// to tell the media in an emergency, for the department's approval
	// (regulation 5.5), and sees their own statements; nothing else.
	RoleUnit Role = "unit"
)

// Roles lists every role in the order forms show them.
var Roles = []Role{RoleAdmin, RoleHead, RoleStaff, RoleClerk, RoleDirector, RoleManagement, RoleDeputy, RoleUnit}

// RoleNames is Roles as strings, for form validation.
func RoleNames() []string {
	out := make([]string, len(Roles))
	for i, r := range Roles {
		out[i] = string(r)
	}
	return out
}

// Permission names what a route lets a person do.
type Permission string

const (
	// Public routes need no sign-in (the sign-in page, health check, public status).
	Public Permission = "public"
	// SignedIn routes are open to anyone signed in (home page, own account).
	SignedIn Permission = "signed_in"

	AreaPetitions   Permission = "area.petitions"
	AreaVisitors    Permission = "area.visitors"
	AreaPress       Permission = "area.press"
	AreaMonitoring  Permission = "area.monitoring"
	AreaDelegations Permission = "area.delegations"
	AreaAwards      Permission = "area.awards"
	AreaTwinCities  Permission = "area.twincities"
	AreaContacts    Permission = "area.contacts"
	AreaMarketing   Permission = "area.marketing"
	AreaPublishing  Permission = "area.publishing"
	AreaMaterials   Permission = "area.materials"
	AreaArchive     Permission = "area.archive"
	AreaTasks       Permission = "area.tasks"
	AreaReports     Permission = "area.reports"

	// The submissions registry has three levels: reading (the area), registering, and
	// keeping the registry (classification scheme, deadline rules, data-subject requests).
	PetitionsRegister Permission = "petitions.register"
	PetitionsManage   Permission = "petitions.manage"

	// Officials have the visitors area for their own reception hours; booking
	// visitors is the front desk's and the department's.
	VisitorsBook Permission = "visitors.book"
	// Keeping the officials and their reception hours is the department's
	// (staff and head), not the front desk's.
	VisitorsManage Permission = "visitors.manage"
	// The visitors' counts, with no personal data: the director reads them too.
	VisitorsStats Permission = "visitors.stats"

	// A data subject's request across the product (/privacy): finding
	// what every area holds about one person, and exporting it. The
	// department answers them; the administrator, who reads no personal
	// data, does not.
	PrivacyRequest Permission = "privacy.request"

	// The directory of contacts: the department's people and the front desk
	// read it (area.contacts) and pick from it; the department's staff and
	// head keep it: add, edit, merge, import, keep mailing lists.
	ContactsEdit Permission = "contacts.edit"
	// Removing the personal data of people whose legal basis has lapsed,
	// and setting the periods, is the head's.
	ContactsRetention Permission = "contacts.retention"

	// The twin cities are read by the department and the director; the
	// department's staff and head keep the agreements and their log.
	TwinCitiesEdit Permission = "twincities.edit"

	// Press releases are written by the department's staff and head
	// (press.edit) and approved by the head (press.approve) before they go
	// out.
	PressEdit    Permission = "press.edit"
	PressApprove Permission = "press.approve"

	// Statements in an emergency (5.5): the head declares and ends the
	// emergency and sets the target time (press.emergency); a unit's staff
	// member submits a statement while it lasts and sees their own, and the
	// department's people may submit one for them (press.statement.submit);
	// the department's head and staff approve, edit or reject them
	// (press.statement.decide).
	PressEmergency       Permission = "press.emergency"
	PressStatementSubmit Permission = "press.statement.submit"
	PressStatementDecide Permission = "press.statement.decide"
	// Removing the press area's personal data after its periods (the
	// journalists' accreditations, whom a statement was entered for), and
	// setting the periods, is the head's.
	PressRetention Permission = "press.retention"

	// Media monitoring is read by everyone in the municipality with an
	// account (a unit's staff see what was written about their unit); the
	// department's staff and head add clippings, judge them and keep the
	// topics, feeds and keyword rules (monitoring.edit).
	MonitoringEdit Permission = "monitoring.edit"
	// Who the weekly and monthly reports are mailed to and when, and the
	// spike alerts' threshold, are the head's (monitoring.manage).
	MonitoringManage Permission = "monitoring.manage"

	// Delegations and official visits are read by the department and the
	// director; the department's staff and head keep them
	// (delegations.edit); the checklist templates, the gift threshold and
	// the retention of the guests' personal data are the head's
	// (delegations.manage).
	DelegationsEdit   Permission = "delegations.edit"
	DelegationsManage Permission = "delegations.manage"

	// Awards (3.7): the department's staff and head keep the award types,
	// rounds, nominations, commission and decisions (awards.edit); a
	// commission member who holds awards.score declares conflicts and
	// scores the nominations of the rounds they sit on.
	AwardsEdit  Permission = "awards.edit"
	AwardsScore Permission = "awards.score"

	// The officials' agenda across areas (9.1): the department, the front
	// desk, the director and the officials themselves plan their weeks
	// with it.
	AgendaView Permission = "agenda.view"

	// The head's weekly and monthly reports to the executive director
	// (9.1): the head prepares, writes and submits them (reports.write);
	// the director marks them read (reports.review). Both read the
	// archive and comment on a report's sections (area.reports).
	ReportsWrite  Permission = "reports.write"
	ReportsReview Permission = "reports.review"

	AdminUsers    Permission = "admin.users"
	AdminAudit    Permission = "admin.audit"
	AdminCalendar Permission = "admin.calendar"
	// AccessReview is the head's list of who was given access to personal
	// data (roles granted, passwords an administrator set).
	AccessReview Permission = "admin.access_review"
)

// departmentAreas are the areas the department's own people work in.
var departmentAreas = []Permission{
	AreaPetitions, AreaVisitors, AreaPress, AreaMonitoring, AreaDelegations, AreaAwards,
	AreaTwinCities, AreaContacts, AreaMarketing, AreaPublishing, AreaMaterials, AreaArchive, AreaTasks,
}

// grants is the one table of who may do what. Every route's permission must appear here.
var grants = map[Role][]Permission{
	RoleAdmin:      {SignedIn, AdminUsers, AdminAudit, AdminCalendar},
	RoleHead:       append(slices.Clone(departmentAreas), SignedIn, AreaReports, PetitionsRegister, PetitionsManage, VisitorsBook, VisitorsManage, VisitorsStats, AccessReview, PrivacyRequest, ContactsEdit, TwinCitiesEdit, ContactsRetention, PressEdit, PressApprove, PressEmergency, PressStatementSubmit, PressStatementDecide, PressRetention, MonitoringEdit, MonitoringManage, DelegationsEdit, DelegationsManage, AwardsEdit, AwardsScore, AgendaView, ReportsWrite),
	RoleStaff:      append(slices.Clone(departmentAreas), SignedIn, PetitionsRegister, PetitionsManage, VisitorsBook, VisitorsManage, VisitorsStats, PrivacyRequest, ContactsEdit, TwinCitiesEdit, PressEdit, PressStatementSubmit, PressStatementDecide, MonitoringEdit, DelegationsEdit, AwardsEdit, AwardsScore, AgendaView),
	RoleClerk:      {SignedIn, AreaVisitors, AreaPetitions, AreaContacts, PetitionsRegister, VisitorsBook, AreaMonitoring, AgendaView},
	RoleDirector:   {SignedIn, AreaReports, AreaPetitions, AreaMonitoring, VisitorsStats, AreaTwinCities, AreaDelegations, AreaAwards, AwardsScore, AgendaView, ReportsReview},
	RoleManagement: {SignedIn, AreaPetitions, AreaVisitors, AreaMonitoring, AwardsScore, AgendaView},
	RoleDeputy:     {SignedIn, AreaVisitors, AreaMonitoring, AwardsScore, AgendaView},
	RoleUnit:       {SignedIn, PressStatementSubmit, AreaMonitoring},
}

// openNoPersonalData are the permissions that show no resident's personal
// data: the administrator's pages (accounts, the audit log, whose summaries
// name records only by number, the sign-in attempts, the calendar), the
// counts and reports, and the head's list of access given. Every other
// permission opens personal data, a permission added later too until it is
// listed here.
var openNoPersonalData = []Permission{Public, SignedIn, AdminUsers, AdminAudit, AdminCalendar, AccessReview,
	AreaReports, VisitorsStats}

// ReadsPersonalData tells whether role r opens residents' personal data:
// whether it grants a permission beyond openNoPersonalData. Of today's
// roles, every one but the administrator's does.
func ReadsPersonalData(r Role) bool {
	for _, p := range grants[r] {
		if !slices.Contains(openNoPersonalData, p) {
			return true
		}
	}
	return false
}

// PersonalDataRoles are those of roles that read personal data, in the
// order of Roles.
func PersonalDataRoles(roles []Role) []Role {
	var out []Role
	for _, r := range Roles {
		if slices.Contains(roles, r) && ReadsPersonalData(r) {
			out = append(out, r)
		}
	}
	return out
}

// CheckRoles refuses, beside the roles field, what one account may not
// hold: the administrator's role together with a role that reads personal
// data. The administrator keeps the accounts and could otherwise read the
// whole registry; the two are kept apart by every way an account is
// written (the account pages, prdesk user create, the demo data).
func CheckRoles(roles []Role) error {
	if slices.Contains(roles, RoleAdmin) && len(PersonalDataRoles(roles)) > 0 {
		return errs.Field("roles", "users.err_admin_with_personal_data")
	}
	return nil
}

// Known tells whether p is a permission the table knows.
func Known(p Permission) bool {
	if p == Public {
		return true
	}
	for _, ps := range grants {
		if slices.Contains(ps, p) {
			return true
		}
	}
	return false
}

// RoleCan tells whether one role grants p.
func RoleCan(r Role, p Permission) bool {
	return p == Public || slices.Contains(grants[r], p)
}

// Can tells whether any of roles grants p.
func Can(roles []Role, p Permission) bool {
	for _, r := range roles {
		if RoleCan(r, p) {
			return true
		}
	}
	return p == Public
}
