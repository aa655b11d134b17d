/// The OpenAPI 3.1 document of `/api/v1`, written by hand and kept in step with `routes.swift`
/// by `OpenAPITests`.
enum OpenAPIDocument {
    static let json = #"""
{
  "openapi": "3.1.0",
  "info": {
    "title": "Minsheng 民生实事跟踪 API",
    "version": "1.0.0",
    "description": "Plans (民生实事计划), commitments, targets, monthly progress reports, 三色预警 status, roll-ups and the audit log. Reads of published plans are public; writes need `Authorization: Bearer <token>` (`minsheng token create NAME`). Errors are `{\"error\": {\"code\", \"message\", \"fields\"}}` with a 4xx status."
  },
  "servers": [{"url": "/api/v1"}],
  "components": {
    "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
    "parameters": {
      "planID": {"name": "planID", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}},
      "commitmentID": {"name": "commitmentID", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}},
      "targetID": {"name": "targetID", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}},
      "period": {"name": "period", "in": "path", "required": true, "schema": {"type": "string", "pattern": "^\\d{4}-\\d{2}$"}},
      "noticeID": {"name": "noticeID", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}},
      "requestID": {"name": "requestID", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}}
    },
    "responses": {
      "Error": {"description": "An error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    },
    "schemas": {
      "Notice": {
        "type": "object", "description": "A supervision notice (督办单)",
        "required": ["id", "number", "unitID", "unit", "requiredAction", "issuedOn", "deadline", "state", "urgency"],
        "properties": {"id": {"type": "string", "format": "uuid"}, "number": {"type": "string", "examples": ["督办〔2026〕3号"]},
          "unitID": {"type": "string", "format": "uuid"}, "unit": {"type": "string"},
          "commitmentID": {"type": ["string", "null"], "format": "uuid"}, "requiredAction": {"type": "string"},
          "issuedOn": {"type": "string", "format": "date"}, "deadline": {"type": "string", "format": "date"},
          "state": {"type": "string", "enum": ["issued", "replied", "signedOff", "returned"]},
          "urgency": {"type": "string", "enum": ["ok", "soon", "overdue", "escalated", "review"]},
          "reply": {"type": ["string", "null"]}, "decisionNote": {"type": ["string", "null"]}}
      },
      "Request": {
        "type": "object", "description": "A citizen's request (诉求/工单). requesterName and requesterPhone are masked (张*, 138****1234) unless the caller is the hotline or the lead unit.",
        "required": ["id", "trackingNumber", "channel", "receivedAt", "confidential", "kind", "categoryCode", "text", "urgency", "state", "stateLabel", "coUnits", "unreasonable"],
        "properties": {"id": {"type": "string", "format": "uuid"}, "trackingNumber": {"type": "string", "examples": ["2026113000001"]},
          "channel": {"type": "string", "enum": ["web", "hotline", "platform", "open311", "staff"]}, "receivedAt": {"type": "string", "format": "date-time"},
          "requesterName": {"type": ["string", "null"]}, "requesterPhone": {"type": ["string", "null"]}, "confidential": {"type": "boolean"},
          "kind": {"type": "string", "enum": ["consult", "help", "complaint", "report", "suggestion"]}, "categoryCode": {"type": "string"},
          "text": {"type": "string"}, "address": {"type": ["string", "null"]}, "lat": {"type": ["number", "null"]}, "long": {"type": ["number", "null"]},
          "district": {"type": ["string", "null"]}, "street": {"type": ["string", "null"]}, "urgency": {"type": "string", "enum": ["normal", "urgent"]},
          "state": {"type": "string", "enum": ["received", "dispatched", "returned", "handling", "awaitingApproval", "replied", "awaitingCallback", "calledBack", "closed", "merged"]},
          "stateLabel": {"type": "string"}, "leadUnitID": {"type": ["string", "null"], "format": "uuid"}, "leadUnit": {"type": ["string", "null"]},
          "suggestedUnitID": {"type": ["string", "null"], "format": "uuid"}, "coUnits": {"type": "array", "items": {"type": "string"}},
          "signForDue": {"type": ["string", "null"], "format": "date"}, "handlingDue": {"type": ["string", "null"], "format": "date"},
          "limitStage": {"type": ["string", "null"], "enum": ["onTime", "dueSoon", "overdue", "escalate", null]},
          "reply": {"type": ["string", "null"]}, "resolution": {"type": ["string", "null"], "enum": ["solved", "partly", "unsolved", null]},
          "satisfaction": {"type": ["integer", "null"], "minimum": 1, "maximum": 5}, "unreasonable": {"type": "boolean"},
          "mergedInto": {"type": ["string", "null"], "format": "uuid"}, "commitmentID": {"type": ["string", "null"], "format": "uuid"},
          "extensionState": {"type": ["string", "null"]}, "extensionDue": {"type": ["string", "null"], "format": "date"}, "sourceRef": {"type": ["string", "null"]}}
      },
      "RequestStep": {
        "type": "object", "description": "What a step carries: dispatch unitID/coUnitIDs/note; return, redo, unreasonable reason; reply text; callback resolution+satisfaction; merge into (id or tracking number); extension reason+newDue; others note.",
        "properties": {"unitID": {"type": "string", "format": "uuid"}, "coUnitIDs": {"type": "array", "items": {"type": "string", "format": "uuid"}},
          "note": {"type": "string"}, "reason": {"type": "string"}, "text": {"type": "string"},
          "resolution": {"type": "string", "enum": ["solved", "partly", "unsolved"]}, "satisfaction": {"type": "integer", "minimum": 1, "maximum": 5},
          "into": {"type": "string"}, "newDue": {"type": "string", "format": "date"}}
      },
      "NoticeText": {"type": "object", "properties": {"text": {"type": "string"}, "deadline": {"type": "string", "format": "date"}}},
      "Error": {
        "type": "object", "required": ["error"],
        "properties": {"error": {"type": "object", "required": ["code", "message", "fields"],
          "properties": {"code": {"type": "string"}, "message": {"type": "string"},
                         "fields": {"type": "object", "additionalProperties": {"type": "string"}}}}}
      },
      "YearSpan": {"type": "object", "properties": {"from": {"type": "integer"}, "to": {"type": "integer"}}},
      "ScheduleNode": {"type": "object", "required": ["date", "percent"],
        "properties": {"date": {"type": "string", "format": "date"}, "percent": {"type": "number"}}},
      "PlanSummary": {
        "type": "object",
        "properties": {"id": {"type": "string", "format": "uuid"}, "title": {"type": "string"},
          "documentNumber": {"type": ["string", "null"]}, "period": {"$ref": "#/components/schemas/YearSpan"},
          "status": {"type": "string", "enum": ["draft", "published", "archived"]}, "version": {"type": "integer"},
          "isDemo": {"type": "boolean"}}
      },
      "Plan": {
        "type": "object",
        "properties": {"id": {"type": "string", "format": "uuid"}, "title": {"type": "string"},
          "documentNumber": {"type": ["string", "null"]}, "issuer": {"type": ["string", "null"]}, "level": {"type": ["string", "null"]},
          "period": {"$ref": "#/components/schemas/YearSpan"}, "status": {"type": "string"}, "version": {"type": "integer"},
          "isDemo": {"type": "boolean"}, "sourceName": {"type": "string"},
          "bands": {"type": "object", "properties": {"yellow": {"type": "number"}, "red": {"type": "number"}}},
          "reportDueOffset": {"type": "integer"},
          "schedule": {"type": "array", "items": {"$ref": "#/components/schemas/ScheduleNode"}},
          "sections": {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "string"}, "title": {"type": "string"}}}},
          "commitments": {"type": "integer"}, "targets": {"type": "integer"}}
      },
      "PlanPatch": {
        "type": "object", "required": ["version"],
        "properties": {"version": {"type": "integer"}, "title": {"type": "string"}, "documentNumber": {"type": "string"},
          "issuer": {"type": "string"}, "level": {"type": "string"}, "bandYellow": {"type": "number"}, "bandRed": {"type": "number"},
          "reportDueOffset": {"type": "integer"}, "schedule": {"type": "array", "items": {"$ref": "#/components/schemas/ScheduleNode"}}}
      },
      "Attainment": {"type": "object", "properties": {"isMet": {"type": ["boolean", "null"]}, "percent": {"type": ["number", "null"]}}},
      "Target": {
        "type": "object",
        "properties": {"id": {"type": "string", "format": "uuid"}, "metric": {"type": "string"},
          "op": {"type": "string", "enum": [">=", "<=", "=", "~", "+", "-"]}, "value": {"type": "number"}, "unit": {"type": "string"},
          "baseline": {"type": ["number", "null"]}, "deadline": {"type": ["string", "null"]}, "version": {"type": "integer"},
          "actual": {"type": ["number", "null"]}, "attainment": {"$ref": "#/components/schemas/Attainment"}}
      },
      "TargetPatch": {
        "type": "object", "required": ["version"],
        "properties": {"version": {"type": "integer"}, "metric": {"type": "string"}, "op": {"type": "string"},
          "value": {"type": "number"}, "unit": {"type": "string"}, "baseline": {"type": "number"}, "deadline": {"type": "string"}}
      },
      "CommitmentStatus": {
        "type": "object",
        "properties": {"id": {"type": "string", "format": "uuid"}, "kind": {"type": "string", "enum": ["task", "goal"]},
          "number": {"type": "string"}, "title": {"type": "string"}, "section": {"type": "string"},
          "leaders": {"type": "array", "items": {"type": "string"}}, "leadUnits": {"type": "array", "items": {"type": "string"}},
          "supportUnits": {"type": "array", "items": {"type": "string"}}, "districts": {"type": "array", "items": {"type": "string"}},
          "isKeyProject": {"type": "boolean"}, "plannedInvestment": {"type": ["number", "null"]}, "deadline": {"type": ["string", "null"]},
          "targets": {"type": "array", "items": {"$ref": "#/components/schemas/Target"}},
          "expectedPercent": {"type": "number"}, "actualPercent": {"type": "number"},
          "health": {"type": "string", "enum": ["done", "green", "yellow", "red"]},
          "healthReasons": {"type": "array", "items": {"type": "string"}}, "lastPeriod": {"type": ["string", "null"]},
          "lateReports": {"type": "integer"}, "missingReports": {"type": "integer"}, "version": {"type": "integer"}}
      },
      "CommitmentDetail": {
        "type": "object",
        "properties": {"planID": {"type": "string"}, "planTitle": {"type": "string"}, "planStatus": {"type": "string"},
          "text": {"type": "string"}, "lines": {"type": "object", "properties": {"from": {"type": "integer"}, "to": {"type": "integer"}}},
          "schedule": {"type": "array", "items": {"$ref": "#/components/schemas/ScheduleNode"}}, "scheduleIsOverride": {"type": "boolean"},
          "status": {"$ref": "#/components/schemas/CommitmentStatus"},
          "reports": {"type": "array", "items": {"$ref": "#/components/schemas/ReportSummary"}}}
      },
      "CommitmentPatch": {
        "type": "object", "required": ["version"],
        "properties": {"version": {"type": "integer"}, "number": {"type": "string"}, "title": {"type": "string"}, "text": {"type": "string"},
          "kind": {"type": "string"}, "isKeyProject": {"type": "boolean"}, "plannedInvestment": {"type": "number"},
          "districts": {"type": "array", "items": {"type": "string"}}, "deadline": {"type": "string"}, "isSignedOff": {"type": "boolean"},
          "leaders": {"type": "array", "items": {"type": "string"}}, "leadUnits": {"type": "array", "items": {"type": "string"}},
          "supportUnits": {"type": "array", "items": {"type": "string"}},
          "schedule": {"type": "array", "items": {"$ref": "#/components/schemas/ScheduleNode"}}}
      },
      "ReportSummary": {
        "type": "object",
        "properties": {"id": {"type": "string"}, "period": {"type": "string"}, "percent": {"type": "number"},
          "isLate": {"type": "boolean"}, "isLocked": {"type": "boolean"}}
      },
      "ReportForm": {
        "type": "object", "required": ["period", "narrative"],
        "description": "A percent below the last month reported is refused with code progress_lower unless decreaseReason is given; narrative, problems and nextSteps hold at most 5000 characters each.",
        "properties": {"period": {"type": "string", "pattern": "^\\d{4}-\\d{2}$"}, "percent": {"type": "number", "minimum": 0, "maximum": 100},
          "targets": {"type": "array", "items": {"type": "object", "required": ["targetId", "actual"],
            "properties": {"targetId": {"type": "string", "format": "uuid"}, "actual": {"type": "number"}}}},
          "investment": {"type": "number"}, "narrative": {"type": "string", "minLength": 1, "maxLength": 5000},
          "problems": {"type": "string", "maxLength": 5000}, "nextSteps": {"type": "string", "maxLength": 5000},
          "decreaseReason": {"type": "string", "maxLength": 500}}
      },
      "Report": {
        "type": "object",
        "properties": {"id": {"type": "string"}, "commitmentID": {"type": "string"},
          "kind": {"type": "string", "enum": ["consolidated", "contribution"]}, "unit": {"type": "string"},
          "period": {"type": "string"}, "percent": {"type": ["number", "null"]},
          "percentSource": {"type": ["string", "null"], "enum": ["derived", "entered", null]},
          "investment": {"type": ["number", "null"]}, "narrative": {"type": "string"}, "problems": {"type": "string"}, "nextSteps": {"type": "string"},
          "decreaseReason": {"type": ["string", "null"]}, "reopenReason": {"type": ["string", "null"]},
          "submittedAt": {"type": "string", "format": "date-time"},
          "submittedOn": {"type": "string", "format": "date"}, "dueOn": {"type": "string", "format": "date"},
          "isLate": {"type": "boolean"}, "isLocked": {"type": "boolean"}, "revision": {"type": "integer"},
          "targets": {"type": "array", "items": {"type": "object", "properties": {"targetId": {"type": "string"}, "actual": {"type": "number"}}}}}
      },
      "Rollup": {
        "type": "object",
        "properties": {"by": {"type": "string"}, "today": {"type": "string"},
          "total": {"$ref": "#/components/schemas/RollupGroup"},
          "groups": {"type": "array", "items": {"$ref": "#/components/schemas/RollupGroup"}}}
      },
      "RollupGroup": {
        "type": "object",
        "properties": {"key": {"type": "string"}, "commitments": {"type": "integer"},
          "health": {"type": "object", "properties": {"done": {"type": "integer"}, "green": {"type": "integer"}, "yellow": {"type": "integer"}, "red": {"type": "integer"}}},
          "meanExpected": {"type": "number"}, "meanActual": {"type": "number"}, "lateReports": {"type": "integer"}, "missingReports": {"type": "integer"}}
      },
      "ImportText": {"type": "object", "required": ["text"], "properties": {"filename": {"type": "string"}, "text": {"type": "string"}}},
      "ImportResult": {
        "type": "object",
        "properties": {"plan": {"type": "object", "properties": {"id": {"type": "string"}, "title": {"type": "string"},
            "commitments": {"type": "integer"}, "targets": {"type": "integer"}, "status": {"type": "string"}}},
          "diagnostics": {"type": "array", "items": {"type": "object", "properties": {"line": {"type": "integer"}, "code": {"type": "string"},
            "reason": {"type": "string"}, "excerpt": {"type": "string"}}}}}
      },
      "Unit": {"type": "object", "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "aliases": {"type": "array", "items": {"type": "string"}}}},
      "User": {"type": "object", "properties": {"id": {"type": "string"}, "name": {"type": "string"},
        "role": {"type": "string", "enum": ["admin", "coordinator", "clerk", "leader", "deputy", "hotline", "unitLeader"]}, "unit": {"type": ["string", "null"]}, "isDemo": {"type": "boolean"}}},
      "AuditEntry": {"type": "object", "properties": {"id": {"type": "string"}, "at": {"type": "string", "format": "date-time"},
        "actor": {"type": "string"}, "userID": {"type": ["string", "null"]}, "action": {"type": "string"}, "subjectType": {"type": "string"},
        "subjectID": {"type": ["string", "null"]}, "before": {"type": ["string", "null"]}, "after": {"type": ["string", "null"]},
        "seq": {"type": ["integer", "null"], "description": "Place in the audit chain; null for entries from before the chain"},
        "entryHash": {"type": ["string", "null"], "description": "SHA-256 (hex) of the entry's canonical encoding and the previous hash"}}},
      "AuditHead": {"type": "object", "required": ["day", "seq", "hash", "entries", "signature"],
        "properties": {"day": {"type": "string", "format": "date"}, "seq": {"type": "integer"}, "hash": {"type": "string"},
          "entries": {"type": "integer"}, "signature": {"type": "string", "description": "HMAC-SHA256 (hex) under the audit key"}}}
    }
  },
  "paths": {
    "/openapi.json": {"get": {"summary": "This document", "responses": {"200": {"description": "OpenAPI document"}}}},
    "/plans": {
      "get": {"summary": "Plans (published ones without a token; all with one)",
        "responses": {"200": {"description": "Plans", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/PlanSummary"}}}}}}}
    },
    "/plans/{planID}": {
      "parameters": [{"$ref": "#/components/parameters/planID"}],
      "get": {"summary": "A plan", "responses": {"200": {"description": "Plan", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Plan"}}}}, "404": {"$ref": "#/components/responses/Error"}}},
      "patch": {"summary": "Edit a plan (coordinator)", "security": [{"bearer": []}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PlanPatch"}}}},
        "responses": {"200": {"description": "Plan", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Plan"}}}},
          "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"},
          "409": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}}}
    },
    "/plans/{planID}/publish": {
      "parameters": [{"$ref": "#/components/parameters/planID"}],
      "post": {"summary": "Publish a draft plan (coordinator)", "security": [{"bearer": []}],
        "responses": {"200": {"description": "Plan", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Plan"}}}},
          "409": {"$ref": "#/components/responses/Error"}}}
    },
    "/plans/{planID}/commitments": {
      "parameters": [{"$ref": "#/components/parameters/planID"},
        {"name": "health", "in": "query", "schema": {"type": "string", "enum": ["done", "green", "yellow", "red"]}},
        {"name": "unit", "in": "query", "schema": {"type": "string"}}, {"name": "leader", "in": "query", "schema": {"type": "string"}},
        {"name": "section", "in": "query", "schema": {"type": "string"}}, {"name": "district", "in": "query", "schema": {"type": "string"}},
        {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1}}, {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0}}],
      "get": {"summary": "The plan's commitments with expected and actual percent and 三色预警 colour, in document order (all, or a page with limit/offset)",
        "responses": {"200": {"description": "Commitments",
            "headers": {"X-Total-Count": {"schema": {"type": "integer"}}, "ETag": {"schema": {"type": "string"}}},
            "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/CommitmentStatus"}}}}},
          "304": {"description": "Not modified (If-None-Match matched the ETag)"},
          "404": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}}}
    },
    "/plans/{planID}/rollup": {
      "parameters": [{"$ref": "#/components/parameters/planID"},
        {"name": "by", "in": "query", "schema": {"type": "string", "enum": ["section", "unit", "leader", "district"]}}],
      "get": {"summary": "Roll-up by section, lead unit, leader or district",
        "responses": {"200": {"description": "Roll-up", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Rollup"}}}}, "422": {"$ref": "#/components/responses/Error"}}}
    },
    "/commitments/{commitmentID}": {
      "parameters": [{"$ref": "#/components/parameters/commitmentID"}],
      "get": {"summary": "A commitment with status, schedule and reports",
        "responses": {"200": {"description": "Commitment", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CommitmentDetail"}}}}, "404": {"$ref": "#/components/responses/Error"}}},
      "patch": {"summary": "Edit a commitment (coordinator); names the version read", "security": [{"bearer": []}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CommitmentPatch"}}}},
        "responses": {"200": {"description": "Commitment", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CommitmentDetail"}}}},
          "409": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}}}
    },
    "/targets/{targetID}": {
      "parameters": [{"$ref": "#/components/parameters/targetID"}],
      "delete": {"summary": "Delete a target of a draft plan (coordinator); 409 once published or when the version is stale", "security": [{"bearer": []}],
        "parameters": [{"name": "version", "in": "query", "required": true, "schema": {"type": "integer"}}],
        "responses": {"204": {"description": "Deleted"}, "404": {"$ref": "#/components/responses/Error"},
          "409": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}}},
      "patch": {"summary": "Edit a target (coordinator); names the version read", "security": [{"bearer": []}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TargetPatch"}}}},
        "responses": {"200": {"description": "Target", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Target"}}}},
          "409": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}}}
    },
    "/commitments/{commitmentID}/reports": {
      "parameters": [{"$ref": "#/components/parameters/commitmentID"}],
      "get": {"summary": "The commitment's monthly reports",
        "responses": {"200": {"description": "Reports", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Report"}}}}}}},
      "post": {"summary": "Submit a month's report: a clerk of the lead unit submits the consolidated report; a clerk of a support unit adds that unit's contribution (kind = contribution)", "security": [{"bearer": []}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ReportForm"}}}},
        "responses": {"201": {"description": "Stored", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Report"}}}},
          "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"},
          "409": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}}}
    },
    "/commitments/{commitmentID}/reports/{period}/reopen": {
      "parameters": [{"$ref": "#/components/parameters/commitmentID"}, {"$ref": "#/components/parameters/period"}],
      "post": {"summary": "Reopen a submitted month for correction (coordinator): the lead unit's report, or with ?unit= that support unit's contribution", "security": [{"bearer": []}],
        "parameters": [{"name": "unit", "in": "query", "required": false, "schema": {"type": "string"}, "description": "A support unit's name: reopen its contribution instead"}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["reason"],
          "properties": {"reason": {"type": "string", "minLength": 1, "maxLength": 500, "description": "退回理由, shown to the unit's clerk"}}}}}},
        "responses": {"200": {"description": "Reopened", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Report"}}}},
          "404": {"$ref": "#/components/responses/Error"}, "409": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}}}
    },
    "/imports": {
      "post": {"summary": "Import a plan document as a draft (coordinator)", "security": [{"bearer": []}],
        "requestBody": {"required": true, "content": {
          "application/json": {"schema": {"$ref": "#/components/schemas/ImportText"}},
          "multipart/form-data": {"schema": {"type": "object", "required": ["file"], "properties": {"file": {"type": "string", "format": "binary"}}}}}},
        "responses": {"201": {"description": "Draft plan", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ImportResult"}}}},
          "422": {"$ref": "#/components/responses/Error"}}}
    },
    "/units": {
      "get": {"summary": "Units and their aliases",
        "responses": {"200": {"description": "Units", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Unit"}}}}}}}
    },
    "/units/merge": {
      "post": {"summary": "Merge two records of one unit (admin)", "security": [{"bearer": []}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["into", "from"],
          "properties": {"into": {"type": "string", "format": "uuid"}, "from": {"type": "string", "format": "uuid"}}}}}},
        "responses": {"200": {"description": "The merged unit", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Unit"}}}}}}
    },
    "/notices": {
      "get": {"summary": "Supervision notices (督办单), newest first; a clerk sees their own unit's", "security": [{"bearer": []}],
        "parameters": [{"name": "state", "in": "query", "schema": {"type": "string"}}],
        "responses": {"200": {"description": "Notices", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Notice"}}}}},
          "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}}},
      "post": {"summary": "Issue a notice with the year's next number (coordinator)", "security": [{"bearer": []}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["unitID", "requiredAction", "deadline"],
          "properties": {"unitID": {"type": "string", "format": "uuid"}, "commitmentID": {"type": "string", "format": "uuid"},
            "requiredAction": {"type": "string"}, "deadline": {"type": "string", "format": "date"}}}}}},
        "responses": {"201": {"description": "The notice", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Notice"}}}},
          "403": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}}}
    },
    "/notices/{noticeID}": {
      "parameters": [{"$ref": "#/components/parameters/noticeID"}],
      "get": {"summary": "One notice", "security": [{"bearer": []}],
        "responses": {"200": {"description": "The notice", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Notice"}}}},
          "404": {"$ref": "#/components/responses/Error"}}}
    },
    "/notices/{noticeID}/reply": {
      "parameters": [{"$ref": "#/components/parameters/noticeID"}],
      "post": {"summary": "The addressed unit replies (反馈)", "security": [{"bearer": []}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NoticeText"}}}},
        "responses": {"200": {"description": "The notice", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Notice"}}}},
          "409": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}}}
    },
    "/notices/{noticeID}/signoff": {
      "parameters": [{"$ref": "#/components/parameters/noticeID"}],
      "post": {"summary": "The coordinator signs the notice off (销号)", "security": [{"bearer": []}],
        "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/NoticeText"}}}},
        "responses": {"200": {"description": "The notice", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Notice"}}}},
          "409": {"$ref": "#/components/responses/Error"}}}
    },
    "/notices/{noticeID}/return": {
      "parameters": [{"$ref": "#/components/parameters/noticeID"}],
      "post": {"summary": "The coordinator returns the reply (退回) with a reason and perhaps a new deadline", "security": [{"bearer": []}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NoticeText"}}}},
        "responses": {"200": {"description": "The notice", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Notice"}}}},
          "409": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}}}
    },
    "/requests": {
      "get": {"summary": "Requests: a unit's staff get their unit's open requests due soonest first; the hotline and others its queue (or one state)", "security": [{"bearer": []}],
        "parameters": [{"name": "state", "in": "query", "schema": {"type": "string"}}, {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
          {"name": "per", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 200}}, {"name": "mine", "in": "query", "schema": {"type": "string"}}],
        "responses": {"200": {"description": "A page", "content": {"application/json": {"schema": {"type": "object", "required": ["items", "total", "page", "per"],
          "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Request"}}, "total": {"type": "integer"}, "page": {"type": "integer"}, "per": {"type": "integer"}}}}}},
          "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}}},
      "post": {"summary": "Take a request in (受理, hotline). With an Idempotency-Key header a retry returns the first request (200, Idempotent-Replayed: true)", "security": [{"bearer": []}],
        "parameters": [{"name": "Idempotency-Key", "in": "header", "schema": {"type": "string", "maxLength": 200}}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["kind", "categoryCode", "text"],
          "properties": {"channel": {"type": "string", "enum": ["web", "hotline", "platform", "open311", "staff"]}, "receivedAt": {"type": "string", "format": "date-time"},
            "requesterName": {"type": "string", "maxLength": 50}, "requesterPhone": {"type": "string"}, "confidential": {"type": "boolean"},
            "kind": {"type": "string"}, "categoryCode": {"type": "string"}, "text": {"type": "string", "minLength": 1, "maxLength": 5000},
            "address": {"type": "string", "maxLength": 200}, "lat": {"type": "number", "minimum": -90, "maximum": 90}, "long": {"type": "number", "minimum": -180, "maximum": 180},
            "district": {"type": "string"}, "street": {"type": "string"}, "urgency": {"type": "string", "enum": ["normal", "urgent"]}, "commitmentID": {"type": "string", "format": "uuid"}}}}}},
        "responses": {"201": {"description": "Taken", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Request"}}}},
          "200": {"description": "The request an earlier submission with the same Idempotency-Key created", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Request"}}}},
          "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}}}
    },
    "/requests/import": {
      "post": {"summary": "Import a 12345-platform export (CSV or xlsx body), columns by header, idempotent by ticket number; with refused rows nothing is taken unless takeValidRows=true", "security": [{"bearer": []}],
        "parameters": [{"name": "takeValidRows", "in": "query", "schema": {"type": "boolean"}}],
        "requestBody": {"required": true, "content": {"text/csv": {"schema": {"type": "string"}}, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {"schema": {"type": "string", "format": "binary"}}}},
        "responses": {"200": {"description": "The report, line by line", "content": {"application/json": {"schema": {"type": "object"}}}},
          "422": {"description": "Refused rows (report) or an unreadable file (error)", "content": {"application/json": {"schema": {"type": "object"}}}},
          "403": {"$ref": "#/components/responses/Error"}}}
    },
    "/requests/{requestID}": {
      "parameters": [{"$ref": "#/components/parameters/requestID"}],
      "get": {"summary": "One request (404 for requests the caller may not read)", "security": [{"bearer": []}],
        "responses": {"200": {"description": "The request", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Request"}}}},
          "404": {"$ref": "#/components/responses/Error"}}}
    },
    "/requests/{requestID}/similar": {
      "parameters": [{"$ref": "#/components/parameters/requestID"}],
      "get": {"summary": "Open requests alike in category, text and place (possible duplicates, 并单)", "security": [{"bearer": []}],
        "responses": {"200": {"description": "Requests", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Request"}}}}},
          "404": {"$ref": "#/components/responses/Error"}}}
    },
    "/requests/{requestID}/photos": {
      "parameters": [{"$ref": "#/components/parameters/requestID"}, {"name": "filename", "in": "query", "schema": {"type": "string"}}],
      "post": {"summary": "Add a photo (the body is the image: JPEG, PNG, GIF or WebP, checked by its bytes; at most 10 MB and 9 per request)", "security": [{"bearer": []}],
        "requestBody": {"required": true, "content": {"image/*": {"schema": {"type": "string", "format": "binary"}}}},
        "responses": {"201": {"description": "The photo", "content": {"application/json": {"schema": {"type": "object"}}}},
          "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}, "409": {"$ref": "#/components/responses/Error"},
          "413": {"$ref": "#/components/responses/Error"}, "415": {"$ref": "#/components/responses/Error"}}}
    },
    "/requests/{requestID}/{step}": {
      "parameters": [{"$ref": "#/components/parameters/requestID"},
        {"name": "step", "in": "path", "required": true, "schema": {"type": "string", "enum": ["dispatch", "return", "uphold", "sign", "reply", "approve", "reject-reply", "accept", "send-back", "callback", "redo", "close", "merge", "unreasonable", "extension", "approve-extension", "refuse-extension"]}}],
      "post": {"summary": "A step of the closed loop: hotline (dispatch, uphold, accept, send-back, callback, redo, close, merge, unreasonable, approve/refuse-extension), the lead unit's clerk (return, sign, reply, extension), its unit leader (approve, reject-reply)", "security": [{"bearer": []}],
        "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/RequestStep"}}}},
        "responses": {"200": {"description": "The request after the step", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Request"}}}},
          "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"},
          "409": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}}}
    },
    "/request-categories": {
      "get": {"summary": "The category catalogue (诉求分类), active entries", "security": [{"bearer": []}],
        "responses": {"200": {"description": "Categories", "content": {"application/json": {"schema": {"type": "array", "items": {"type": "object", "required": ["code", "name"],
          "properties": {"code": {"type": "string"}, "name": {"type": "string"}, "parentCode": {"type": ["string", "null"]}}}}}}}, "401": {"$ref": "#/components/responses/Error"}}}
    },
    "/request-scores": {
      "get": {"summary": "The month's 三率 ranking by unit (weights of the year; definitions on the rankings page)", "security": [{"bearer": []}],
        "parameters": [{"name": "month", "in": "query", "schema": {"type": "string", "pattern": "^\\d{4}-\\d{2}$"}}],
        "responses": {"200": {"description": "Ranked units", "content": {"application/json": {"schema": {"type": "array", "items": {"type": "object"}}}}},
          "403": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}}}
    },
    "/audit": {
      "get": {"summary": "The audit log, newest first (coordinator, admin)", "security": [{"bearer": []}],
        "parameters": [{"name": "subjectType", "in": "query", "schema": {"type": "string"}}, {"name": "subjectID", "in": "query", "schema": {"type": "string"}},
          {"name": "action", "in": "query", "schema": {"type": "string"}}, {"name": "limit", "in": "query", "schema": {"type": "integer"}}],
        "responses": {"200": {"description": "Entries", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/AuditEntry"}}}}},
          "403": {"$ref": "#/components/responses/Error"}}}
    },
    "/audit/heads": {
      "get": {"summary": "The audit chain's signed day heads, newest first (coordinator, admin): copy them somewhere the database's administrators cannot write, and a later verify against them also shows days cut off the end", "security": [{"bearer": []}],
        "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer"}}],
        "responses": {"200": {"description": "Heads", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/AuditHead"}}}}},
          "403": {"$ref": "#/components/responses/Error"}}}
    },
    "/me": {
      "get": {"summary": "The token's user", "security": [{"bearer": []}],
        "responses": {"200": {"description": "User", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/User"}}}}, "401": {"$ref": "#/components/responses/Error"}}}
    },
    "/me/token": {
      "delete": {"summary": "Revoke the bearer token of this request (sign an API client out)", "security": [{"bearer": []}],
        "responses": {"204": {"description": "Revoked; the token no longer authenticates"}, "401": {"$ref": "#/components/responses/Error"}}}
    },
    "/me/password": {
      "post": {"summary": "Change the token's user's own password (at least 10 characters, not containing the user name, not a common password); a wrong current password counts as a failed sign-in", "security": [{"bearer": []}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["currentPassword", "newPassword"],
          "properties": {"currentPassword": {"type": "string"}, "newPassword": {"type": "string", "minLength": 10}}}}}},
        "responses": {"204": {"description": "Changed"}, "401": {"$ref": "#/components/responses/Error"},
          "422": {"$ref": "#/components/responses/Error"}, "429": {"$ref": "#/components/responses/Error"}}}
    },
    "/users": {
      "get": {"summary": "Users (admin)", "security": [{"bearer": []}],
        "responses": {"200": {"description": "Users", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/User"}}}}}}},
      "post": {"summary": "Create a user (admin)", "security": [{"bearer": []}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["name", "role"],
          "properties": {"name": {"type": "string"}, "role": {"type": "string"}, "unit": {"type": "string"}, "password": {"type": "string", "minLength": 10}}}}}},
        "responses": {"201": {"description": "User", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/User"}}}},
          "422": {"$ref": "#/components/responses/Error"}}}
    }
  }
}
"""#
}
