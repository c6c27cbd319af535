# Adjacent string literals with an f-string among them are one string, as mmpose's
# bbox_file=f'{data_root}coco/person_detection_results/' 'COCO_val2017_....json'.
data_root = 'data/'
bbox_file = (f'{data_root}coco/person_detection_results/'
             'COCO_val2017_detections_AP_H_56_person.json')
mixed = 'a' f'{1 + 1}' 'b' f"{data_root!r}"
plain = 'x' 'y'
