"""Swedish person-name recognition: trained spaCy NER plus gazetteer and context rules.

Public API: ``NameDetector`` (load/detect/detect_many), ``train_ner`` and ``evaluate_names``;
import them from their modules so that importing this package stays cheap.
"""
