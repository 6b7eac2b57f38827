{{- define "gantry.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "gantry.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "gantry.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "gantry.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "gantry.selectorLabels" -}}
app.kubernetes.io/name: {{ include "gantry.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "gantry.secretName" -}}
{{- default (include "gantry.fullname" .) .Values.database.existingSecret }}
{{- end }}

{{- /* the Secret holding the bootstrap ADMIN key: keys "access-key-id" and "secret-access-key" */}}
{{- define "gantry.bootstrapSecretName" -}}
{{- default (printf "%s-bootstrap" (include "gantry.fullname" .) | trunc 63 | trimSuffix "-") .Values.bootstrap.existingSecret }}
{{- end }}

{{- /* the Secret with the key the ServiceMonitor scrapes with: a READ_ONLY key of its own, else the bootstrap key */}}
{{- define "gantry.scrapeSecretName" -}}
{{- default (include "gantry.bootstrapSecretName" .) .Values.serviceMonitor.credentialsSecret }}
{{- end }}
