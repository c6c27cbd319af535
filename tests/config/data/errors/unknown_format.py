_base_ = './_base_/settings.ini'
